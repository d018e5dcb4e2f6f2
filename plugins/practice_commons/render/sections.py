"""The sections of an artefact's text: the conventional ones marked, and a menu of them on top.

Practice libraries (the Open Practice Library among them) write a practice as
"What is it? / Why do it? / How to do it?". A second-level heading with one of those
names, in English or French, gets a class (``commons-section-what`` …) that the
stylesheet gives an icon, and the first numbered list under "How" (before any subheading) is shown as steps.
Nothing else changes: a page without those headings reads as written.

A body with several sections starts with an "On this page" menu of them (and of the
generated sections below the text). Material shows the same table of contents in its
right-hand sidebar on wide screens, so the stylesheet shows this menu only where that
sidebar is hidden (phones, tablets): entity pages stay out of the navigation, where
Material would otherwise put the table of contents on small screens.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import escape

from .sanitise import text

#: Heading words (without accents, lower case, no punctuation) -> section.
CONVENTIONAL = {
    "what": ("what is it", "what", "what it is", "what is this", "quest ce que cest", "quest ce que c est",
             "cest quoi", "de quoi sagit il", "quoi"),
    "why": ("why do it", "why", "why use it", "why do this", "pourquoi", "pourquoi le faire", "pourquoi faire"),
    "how": ("how to do it", "how", "how it works", "how to", "how do you do it", "comment", "comment faire",
            "comment le faire", "comment ca marche", "comment sy prendre", "steps", "etapes", "les etapes"),
}  # fmt: skip
_NAMES = {name: section for section, names in CONVENTIONAL.items() for name in names}
_H2 = re.compile(r'<h2([^>]*)\sid="([^"]+)"([^>]*)>(.*?)</h2>', re.S)
#: Material's permalink anchor inside a heading (the toc extension's ``permalink``).
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
#: How many sections a text has before it gets its own menu.
MENU_FROM = 3


def _plain(heading: str) -> str:
    words = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", words.replace("'", "")).split())


def conventional(heading: str) -> str | None:
    """'what', 'why' or 'how' for a heading that names a conventional section ('Pourquoi ?'), else None."""
    return _NAMES.get(_plain(heading))


def mark_sections(body: str, later: list[tuple[str, str]], title: str) -> str:
    """``body`` (an artefact's converted text) with its conventional sections marked and, if long, a menu.

    ``later`` are the (id, text) of the generated sections below the text; ``title`` labels the menu.
    """
    headings: list[tuple[str, str]] = []

    def mark(match: re.Match[str]) -> str:
        before, ident, after, inner = match.groups()
        shown = text(_HEADERLINK.sub("", inner)).strip()
        headings.append((ident, shown))
        section = conventional(html.unescape(shown))
        if section is None or "class=" in before + after:
            return match.group()
        return f'<h2{before} id="{ident}"{after} class="commons-section commons-section-{section}">{inner}</h2>'

    body = _H2.sub(mark, body)
    how_at = body.find(" commons-section-how")
    if how_at >= 0:
        start = body.find("</h2>", how_at)
        end = body.find("<h2", start)
        end = len(body) if end < 0 else end
        found = body.find("<ol>", start, end)
        # The section's own list, not one under a subheading of it.
        if found >= 0 and not re.search(r"<h[3-6][\s>]", body[start:found]):
            body = body[:found] + '<ol class="commons-steps">' + body[found + len("<ol>") :]
    sections = headings + later
    if len(headings) < MENU_FROM and len(sections) < MENU_FROM + 1:
        return body
    items = "".join(f'<li><a href="#{escape(ident)}">{shown}</a></li>' for ident, shown in sections)
    menu = (f'<nav class="commons-on-this-page" aria-label="{escape(title)}" data-search-exclude>'
            f'<p class="commons-card-label">{escape(title)}</p><ol>{items}</ol></nav>')  # fmt: skip
    return menu + "\n" + body
