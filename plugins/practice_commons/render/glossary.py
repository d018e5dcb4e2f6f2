"""Glossary terms explained where they appear: the first mention of a term on a page links to its page.

The mention becomes ``<a href="…glossary/term/"><abbr title="definition">word</abbr></a>``:
Material's ``content.tooltips`` shows the ``abbr`` title on hover, and the link leads
to the whole entry. This runs on the converted, cleaned HTML of the contributor's
text (not on the Markdown, as the ``abbr`` extension's ``*[Term]:`` lines would), so
that it can skip what must not change: code, links, headings and existing
abbreviations; and it costs one regular-expression scan of each text node.

A name matches as a whole word, in any case, except names with two capitals
or more ("CAPI", "CoP"), which are acronyms and match as written; aliases count too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from markupsafe import escape

from .. import model as m
from .sanitise import Sanitiser, text

#: Elements whose text is left alone: code, links, headings, and mentions already explained.
_SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "button", "h1", "h2", "h3", "h4",
                   "h5", "h6", "svg", "textarea", "select", "label"})  # fmt: skip
#: A tag, its quoted attribute values allowed to hold '>' (html5ever, behind nh3, leaves '>' unescaped in them).
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
#: How long a definition may be in a tooltip; the term's page has the rest.
DEFINITION_LIMIT = 240


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _acronym(name: str) -> bool:
    return sum(1 for ch in name if ch.isupper()) >= 2


def definition(term: m.Term, sanitiser: Sanitiser) -> str:
    """The first paragraph of the term's text, as plain text of a tooltip's length."""
    body = re.sub(r"\A\s*#\s[^\n]*\n", "", term.body).strip()
    first = re.split(r"\n\s*\n", body, maxsplit=1)[0] if body else ""
    plain = " ".join(html.unescape(text(sanitiser.prose(first))).split())
    if len(plain) > DEFINITION_LIMIT:
        plain = plain[: DEFINITION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return plain or term.title


class Glossary:
    """The commons' terms, ready to explain their mentions in any page's HTML.

    ``url`` gives the site URL (relative to the root) of a source path; ``up`` the
    way back to the root from a page. Built once per site; ``explain`` is per page.
    """

    def __init__(self, terms: Iterable[m.Term], sanitiser: Sanitiser, url: Callable[[str], str],
                 up: Callable[[str], str]) -> None:  # fmt: skip
        self._url, self._up = url, up
        self._terms: dict[str, m.Term] = {}
        self._exact: dict[str, m.Term] = {}
        self._definitions: dict[str, str] = {}
        names: list[str] = []
        for term in terms:
            for name in dict.fromkeys([term.spec.term, *term.spec.aliases]):
                name = " ".join(name.split())
                if not name or not re.search(r"\w", name):
                    continue
                table = self._exact if _acronym(name) else self._terms
                key = name if _acronym(name) else _key(name)
                if key not in table:  # the first term to claim a name keeps it
                    table[key] = term
                    names.append(name)
        self._pattern = self._compile(names) if names else None
        #: for text whose lower case is not as long (a rare letter, such as 'İ'): the same, ignoring case
        self._any_case = re.compile(self._pattern.pattern, re.IGNORECASE) if self._pattern else None
        self._sanitiser = sanitiser

    @staticmethod
    def _compile(names: list[str]) -> re.Pattern[str]:
        """One pattern for every name, as a trie ("data (?:steward|set)"): a scan tries one branch per character.

        An alternation of whole names would try each name at each position of the text, a cost that
        grows with the glossary. Matching ignores case; ``_term`` then holds acronyms to their case.
        """
        trie: dict = {}
        for name in names:
            node = trie
            for ch in html.escape(" ".join(name.split()), quote=False).lower():
                node = node.setdefault(ch, {})
            node[""] = {}  # a name ends here

        def pattern(node: dict) -> str:
            ends = "" in node
            branches = [(r"\s+" if ch == " " else re.escape(ch)) + pattern(child) for ch, child in node.items() if ch]
            if not branches:
                return ""
            body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
            if ends:
                return f"(?:{body})?" if len(branches) == 1 else body + "?"
            return body

        # Longest first: a branch that can continue is tried before stopping ("data steward" over "data").
        # ``explain`` matches lower-cased text (faster than ignoring case) and rules out a name after '-' or '&'.
        return re.compile(rf"\b{pattern(trie)}(?![\w-])")

    def _term(self, found: str) -> m.Term | None:
        plain = html.unescape(" ".join(found.split()))
        return self._exact.get(plain) or self._terms.get(_key(plain))  # an acronym in another case is no mention

    def _definition(self, term: m.Term) -> str:
        if term.id not in self._definitions:
            self._definitions[term.id] = definition(term, self._sanitiser)
        return self._definitions[term.id]

    def explain(self, page_html: str, page: str) -> str:
        """``page_html`` with the first mention of each term linked to its page, its definition on hover.

        ``page`` is the page's source path: a term's own page does not link to itself.
        """
        if self._pattern is None or not page_html:
            return page_html
        parts = _TAG.split(page_html)
        done: set[str] = set()
        skip = 0
        up = None
        for i, part in enumerate(parts):
            if i % 2:  # a tag
                opened = _TAG_NAME.match(part)
                if opened and opened.group(2).lower() in _SKIP and not part.endswith("/>"):
                    skip = max(0, skip + (-1 if opened.group(1) else 1))
                continue
            if skip or not part.strip():
                continue
            pieces, last = [], 0
            lower = part.lower()
            pattern, seen = (self._pattern, lower) if len(lower) == len(part) else (self._any_case, part)
            match = pattern.search(seen)
            while match is not None:
                start, end = match.span()
                if start and part[start - 1] in "&-":  # inside an entity (&amp;) or a compound word
                    match = pattern.search(seen, start + 1)
                    continue
                term = self._term(part[start:end])
                if term is not None and term.id not in done and term.path != page:
                    done.add(term.id)
                    if up is None:
                        up = self._up(page)
                    href = escape(up + self._url(term.path))
                    title = escape(self._definition(term))
                    found = part[start:end]
                    mention = f'<a class="commons-term" href="{href}"><abbr title="{title}">{found}</abbr></a>'
                    pieces += [part[last:start], mention]
                    last = end
                match = pattern.search(seen, end)
            if pieces:
                parts[i] = "".join(pieces) + part[last:]
        return "".join(parts)
