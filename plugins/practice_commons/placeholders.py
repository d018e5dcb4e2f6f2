"""The sentences the templates of `commons new` hold until someone writes their own: a notice while they stay.

A new file validates as written, so that a contributor can start from it; but a placeholder that
reaches the site reads as if it were real ("One sentence saying what this is..."). Each one left
in a file is named, with its line, until it is replaced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .problems import Problem, Severity

if TYPE_CHECKING:  # the loader reports these notices with each file's other problems
    from .load import Record

#: A distinctive part of each placeholder sentence in ``scaffolds/`` (the tests keep the two in step).
PLACEHOLDERS = (
    "What this community is about, in one or two sentences",
    "Who this community is for, how to join, and what happens at its meetings.",
    "One sentence saying what this is and when to use it.",
    "what they work on and what to ask them about.",
    "Agenda, and afterwards what was discussed and decided.",
    "What happened in the community (a meeting, an answer, a conversation).",
    "What it made possible (a method written down, a contact, an idea)",
    "The story in the narrator's words: the situation, what the community gave, what changed.",
    "in this organisation, in a sentence or two, with an example.",
    "À qui s'adresse cette communauté, comment la rejoindre, et ce qui se passe à ses rencontres.",
)


def _texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


#: Any placeholder, as written in a body (where it is looked for line by line).
_ANY = re.compile("|".join(map(re.escape, PLACEHOLDERS)))
#: Any placeholder as a value of the front matter shows it in the ``repr`` of the whole: its words, apart by any
#: whitespace or the escapes ``repr`` writes for it ('\\n', '\\xa0'...), a quote perhaps escaped. One search
#: of that text instead of a walk of every value.
_APART = r"(?:\s|\\[nrt]|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\\U[0-9a-f]{8})+"


@functools.cache  # compiled when first needed: a twentieth of a second that `validate --changed` need not pay
def _in_repr() -> re.Pattern[str]:
    return re.compile(
        "|".join(_APART.join(re.escape(word).replace("'", r"\\?'") for word in p.split()) for p in PLACEHOLDERS)
    )


#: The three longest words of each placeholder: a text holds the placeholder only if it holds all three, which
#: plain ``in`` tells at once for nearly every file (the searches above try each position of the text).
_WORDS = [sorted(set(re.findall(r"\w+", p)), key=len)[:-4:-1] for p in PLACEHOLDERS]


#: The longest words, each once ('community' is the longest of four): a text without any of them holds none.
_LONGEST = tuple(dict.fromkeys(longest for longest, _, _ in _WORDS))


def _holds(text: str, search: Callable[[], re.Pattern[str]]) -> bool:
    if not any(word in text for word in _LONGEST):
        return False  # nearly every text: seven searches instead of ten
    for longest, longer, long in _WORDS:
        if longest in text and longer in text and long in text:
            return bool(search().search(text))  # the pattern asked for (and compiled) only now
    return False


def may_hold(text: str) -> bool:
    """False when ``text`` lacks some word of each placeholder, so holds none of them, however written."""
    for longest, longer, long in _WORDS:
        if longest in text and longer in text and long in text:
            return True
    return False


def placeholder_notices(records: Iterable[Record]) -> list[Problem]:
    """A notice for each template placeholder still in a file's front matter or text, at its line."""
    found = []
    for record in records:
        in_data, in_body = _holds(repr(record.data), _in_repr), _holds(record.body, lambda: _ANY)
        if not in_data and not in_body:
            continue  # nearly every file: 20,000 walks of front matter and bodies cost a second and a half
        places = [(record.line_of(loc), " ".join(text.split())) for loc, text in _texts(record.data, ())] if (
            in_data
        ) else []  # fmt: skip
        places += [(record.body_line + i, line) for i, line in enumerate(record.body.splitlines())] if in_body else []
        for line, text in places:
            for placeholder in PLACEHOLDERS:
                if placeholder in text:
                    found.append(Problem(
                        record.path, line, f"the template's placeholder is still here: '{placeholder}'",
                        Severity.NOTICE, "replace it with your own words: until then the site publishes it as written",
                    ))  # fmt: skip
    return found
