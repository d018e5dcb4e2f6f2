"""Problems found in a commons: what is wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters.

    * ``error``: broken content; ``commons validate`` exits 1, every build fails.
    * ``warning``: content a pull request should fix; a strict build fails,
      ``commons validate --strict`` exits 1.
    * ``notice``: depends on the calendar (a review date now past); shown, never
      fails anything, so that a commons that built yesterday builds today.
    """

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"did you mean 'x'?"`` for a choice close to ``word``, or ``""``.

    Close means a slip of the keyboard: the same word in another case, separator
    or number ('Job-Title', 'author'), or a few letters typed wrong for its length
    ('levle', 'bne'). A far-fetched suggestion misleads more than none, so
    'subtitle' does not suggest 'title'. A choice that contains the word as one of
    its hyphenated parts wins ('retention' -> 'talent-retention').
    """
    choices = list(choices)
    lowered = word.lower()
    matches = [c for c in choices if lowered in c.lower().split("-")] if len(lowered) > 3 else []
    if len(matches) == 1:
        return f"did you mean '{matches[0]}'?"
    best = closest(word, choices)
    return f"did you mean '{best}'?" if best else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``word`` if it is a likely slip of the keyboard, else None."""
    key = plain(word)
    allowed = 0 if len(key) < 3 else 1 if len(key) <= 8 else 2 if len(key) <= 14 else 3
    letters, singular = set(key), _singular(key)
    scored = []
    for order, choice in enumerate(choices):
        other = plain(choice)
        if abs(len(other) - len(key)) > allowed + 2:  # a plural or a slip only
            continue
        if _singular(other) == singular:
            distance = 0
        elif len(letters ^ set(other)) > 2 * allowed:  # each edit changes at most two letters
            continue
        else:
            distance = _distance(key, other, allowed)
        if distance <= allowed:
            scored.append((distance, -difflib.SequenceMatcher(None, key, other).ratio(), order, choice))
    return min(scored)[3] if scored else None


_SEPARATORS = str.maketrans("", "", " _-\t")


def plain(word: str) -> str:
    """``'Job-Title'``, ``'job_title'`` and ``'jobTitle'`` all read ``'jobtitle'``."""
    return word.lower().translate(_SEPARATORS)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; ``limit + 1`` once beyond it.

    Only the band of cells within ``limit`` of the diagonal can stay under the
    limit, so a suggestion over thousands of ids stays cheap.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    far = limit + 1
    before, row = None, [j if j <= limit else far for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [far] * (len(b) + 1)
        current[0] = i if i <= limit else far
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            y = b[j - 1]
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current[j] = min(cost, far)
        if min(current) > limit:
            return far
        before, row = row, current
    return row[-1]
