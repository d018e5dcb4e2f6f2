"""Inspect built HTML as a browser parses it: what could run script or load from elsewhere."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
_LOADS = {"src", "srcset", "poster", "data", "background", "formaction", "action"}
_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//", re.I)


def _redirect_within(attrs: list[tuple[str, str | None]]) -> bool:
    """A redirect page's ``<meta http-equiv="refresh">`` to a relative address of the same site."""
    found = dict(attrs)
    match = re.fullmatch(r"\s*\d+\s*;\s*url=(.*)", found.get("content") or "", re.I | re.S)
    target = match.group(1).strip() if match else ""
    return (
        (found.get("http-equiv") or "").lower() == "refresh"
        and bool(target)
        and not _EXTERNAL.match(target)
        and not _BAD_SCHEME.match(target)
        and not re.match(r"[a-z][a-z0-9+.-]*:", target, re.I)
    )


class _Checker(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.article = 0
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = " (in the article)" if self.article else ""
        if tag == "article":
            self.article += 1
        if tag in ("base", "object", "embed", "frame", "frameset") or (
            tag == "meta" and any(k == "http-equiv" for k, _ in attrs) and not _redirect_within(attrs)
        ):
            self.findings.append(f"<{tag}>{where}")
        if tag in ("script", "iframe", "form", "style", "link", "meta") and self.article:
            self.findings.append(f"<{tag}> in the article")
        if tag == "style":
            self.in_style = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>{where}")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href") and _BAD_SCHEME.match(value):
                self.findings.append(f"<{tag} {name}={value[:40]!r}>")
            if name in _LOADS and _EXTERNAL.search(value) or (name == "srcset" and "//" in value):
                self.findings.append(f"<{tag} {name}={value[:60]!r}> loads from another site")
            # A canonical or alternate address names the page's place, it loads nothing.
            rel = dict(attrs).get("rel") or ""
            if tag == "link" and name == "href" and _EXTERNAL.match(value) and rel not in ("canonical", "alternate"):
                self.findings.append(f"<link href={value[:60]!r}> loads from another site")
            if name == "style" and _CSS_URL.search(value):
                self.findings.append(f"<{tag} style=url(…)> loads from another site")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article = max(0, self.article - 1)
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and _CSS_URL.search(data):
            self.findings.append("<style> url(…) loads from another site")

    def handle_comment(self, data: str) -> None:
        if self.article:
            self.findings.append("a comment in the article (a contributor's <!-- would hide the page)")


def dangers(page: Path) -> list[str]:
    """What in ``page`` could run script, submit elsewhere or load from another origin."""
    checker = _Checker()
    checker.feed(page.read_text(encoding="utf-8"))
    checker.close()
    return checker.findings


def site_dangers(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        if findings := dangers(page):
            found[page.relative_to(site).as_posix()] = findings
    return found
