"""Links and images in the contributors' Markdown: found with their lines, checked as the build checks them.

MkDocs (with ``validation: {absolute_links: warn, unrecognized_links: warn,
anchors: warn}``) warns, without a line, on a relative link whose target is not
among the site's files, on a link to a folder, on a root-absolute link and on
an anchor the target page does not have; ``--strict`` fails on each. This
module finds every link the same way (Python-Markdown's own link parser, code
blocks and code spans skipped) and reports each problem on its line, so that
``commons validate --strict`` fails wherever the strict build would.

Entity links (``[Ana](member:ana-silva)``) are resolved here too, and rewritten,
before conversion, into the relative path of the target's source file, which
MkDocs then resolves and checks like any other link.

Choices:

* A heading's anchor is what Python-Markdown gives it: the page's body is
  converted with ``toc`` (default slugify, ASCII), ``attr_list`` and
  ``md_in_html`` (see ``ANCHOR_EXTENSIONS``), and every ``id`` (and ``<a name>``)
  in the result counts. A site whose ``toc`` uses another slugify may see a
  warning the build would not give, never the reverse.
* The headings a template writes on a generated page (``#expertise`` on a
  member's page, ``#referenced-by`` on an artefact's) count as anchors of that
  page: the page is rendered with the packaged templates when a link needs it,
  and the plugin tells MkDocs about the same headings.
* Raw HTML ``href``/``src`` are not rewritten by MkDocs; a relative one works
  only where the page's address is its folder (index pages), and never for a
  ``.md`` target, so those are warnings with the Markdown to write instead.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import toc
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from .load import classify
from .problems import Problem, Severity, did_you_mean

if TYPE_CHECKING:
    from . import model as m
    from .load import LoadResult
    from .render.plan import SitePlan

#: Prefix of an entity link -> the Commons mapping it names.
ENTITY_KINDS = {
    "community": "communities",
    "member": "members",
    "artefact": "artefacts",
    "event": "events",
    "story": "stories",
    "term": "terms",
}
#: The Markdown extensions used to compute a page's anchors: those of the demo site, MkDocs' own included.
ANCHOR_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")
#: Longest link destination read: longer ones are data URLs, never a page.
_MAX_URL = 4096
#: Characters of link destinations read per body, beyond 20 per character of the body.
_BUDGET = 100_000


@dataclass(frozen=True, slots=True)
class Link:
    """One link destination in a body: ``kind`` is link, image, definition, autolink or html.

    ``tangled`` marks where reading stopped in a body whose brackets never close.
    """

    kind: str
    url: str
    line: int
    #: Where the destination stands in the body, to rewrite it.
    start: int
    end: int


# -- finding links -------------------------------------------------------------------

#: An opening fence as Python-Markdown's fenced_code reads it: at the margin, with a language or {attributes}.
_FENCE = re.compile(r"(`{3,}|~{3,})[ ]*+(?:\{.*\}|(?:\.?[\w#.+-]*+[ ]*+)?(?:hl_lines=([\"']).*?\2[ ]*)?)")
_LIST_OR_BLOCK = re.compile(r" {0,3}(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|===|\[\^[^\]]*\]:)")
_TICKS = re.compile(r"`+")
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+\.)[ \t]+")
_MARKERS = re.compile(r"(?:[ ]{0,3}>[ ]?|[ \t]*(?:[-*+]|\d+\.)[ \t]+)*+")
_MARKED = frozenset(" \t>-*+0123456789")  # how a line with quote or list markers starts
#: Lines Python-Markdown may split out of a paragraph: a heading, an admonition's first line, a reference
#: definition, raw HTML, a quote (splitting more than it does only masks less).
_OWN_LINE = re.compile(r"#{1,6}|!!! ?[\w-]|[ ]{0,3}\[[^\[\]]*\]:|[ ]{0,3}<[A-Za-z/!?]|[ ]{0,3}>")
#: A setext underline or a horizontal rule.
_SETEXT = re.compile(r"[ ]{0,3}(?:=+|-+|(?:[-*_][ ]*){3,})[ \t]*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_ESCAPE = re.compile(r"\\.")
_COMMENT_END = re.compile(r"--\s*>")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
#: A reference definition, in a list item or a quote too (read loosely: an extra one is only checked).
_DEFINITION = re.compile(
    r"^[ \t>]*+(?:(?:[-*+]|\d+\.)[ \t]++[ \t>]*+)*+\[([^\[\]]*)\]:[ ]*+\n?[ ]*+([^\s]+)[ ]*+"
    r"(?:\n[ ]*)?(([\"'])(.*)\4[ ]*|\((.*)\)[ ]*)?$",
    re.M,
)  # Python-Markdown's ReferenceProcessor.RE, in a list item or a quote too
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>\s]*)>|<([^<> !]+@[^@<> ]+)>")
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)>")
_ATTRIBUTE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


class _LinkParser(LinkInlineProcessor):
    """Python-Markdown's own reading of ``(destination "title")``, on text with nothing stashed."""

    def unescape(self, text: str) -> str:
        return text


_link_parser = _LinkParser(LINK_RE)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _code_blocks(body: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of fenced and indented code blocks.

    Fences are read as Python-Markdown's fenced_code reads them: at the margin,
    closed by the same fence; an unclosed fence is text. Indented lines are
    code only after a blank line outside lists and admonitions. Where unsure, a
    line is read as text, so that its links are checked.
    """
    lines = body.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    fences: list[tuple[int, int]] = []
    indented: list[tuple[int, int]] = []
    unclosed: set[str] = set()  # fences known to have no closing line below
    i, blank, container, in_code = 0, True, False, False
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.fullmatch(line) if line[:1] in ("`", "~") else None
        if fence and fence[1] not in unclosed:
            close = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip(" ") == fence[1]), None)
            if close is None:
                unclosed.add(fence[1])
            else:
                fences.append((starts[i], starts[close] + len(lines[close])))
                i, blank, in_code = close + 1, False, False
                continue
        if not line.strip() and (i or not line):  # Python-Markdown keeps a first line of spaces as text
            blank = True
        elif line[:1] in (" ", "\t") and len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip()) >= 4:
            if in_code or (blank and not container):
                in_code = True
                indented.append((starts[i], starts[i] + len(line)))
            blank = False
        else:
            if blank or _LIST_OR_BLOCK.match(line):
                container = bool(_LIST_OR_BLOCK.match(line))
            blank, in_code = False, False
        i += 1
    return fences, indented


def _inline_runs(text: str, split: bool) -> Iterator[tuple[int, int]]:
    """Spans of text Python-Markdown reads as one inline string.

    Without ``split``, each block between blank lines; with it, also each
    heading, admonition title, list item and table row apart, as Python-Markdown
    splits them. Code spans are taken where both readings agree.
    """
    offset = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        if not split or not block.strip() or block.startswith("\n"):
            if block.strip() and not block.startswith("\n"):
                yield offset, offset + len(block)
            offset += len(block)
            continue
        lines = block.split("\n")
        content = [_QUOTE.sub("", line, count=1) if ">" in line else line for line in lines]
        inner = [_MARKERS.sub("", line, count=1) if line[:1] in _MARKED else line for line in lines]
        table = len(lines) > 1 and "|" in lines[1] and bool(_TABLE_RULE.fullmatch(content[1]))
        rules = [bool(_SETEXT.fullmatch(line)) for line in inner] + [False]  # underlines and their headings
        listed = bool(_LIST_ITEM.match(content[0]))
        start = at = offset
        for i, line in enumerate(lines):
            alone = table or rules[i] or rules[i + 1] or any(_OWN_LINE.match(x) for x in (line, content[i], inner[i]))
            if at > start and (alone or (listed and _LIST_ITEM.match(content[i]))):
                yield start, at - 1
                start = at
            at += len(line) + 1
            if alone:
                yield start, at - 1
                start = at
        if at - 1 > start:
            yield start, at - 1
        offset += len(block)


def _code_spans(text: str, start: int, end: int, budget: list[int]) -> Iterator[tuple[int, int]]:
    """Code spans in ``text[start:end]``, paired as Python-Markdown 3.x pairs backticks.

    ``budget`` bounds the backtick runs looked at; once spent, the rest is read as text (its links checked).
    """
    i = start
    while budget[0] > 0 and (run := _TICKS.search(text, i, end)) is not None:
        j = run.start()
        while j > start and text[j - 1] == "\\":
            j -= 1
        if (run.start() - j) % 2:  # an escaped backtick opens nothing; the rest of its run may
            i = run.start() + 1
            continue
        ticks, longest, longest_end = len(run[0]), 0, 0
        close = _TICKS.search(text, run.end(), end)
        while close is not None and len(close[0]) != ticks and budget[0] > 0:
            budget[0] -= 1
            if len(close[0]) > longest:
                longest, longest_end = len(close[0]), close.end()
            close = _TICKS.search(text, close.end(), end)
        if close is not None and len(close[0]) == ticks:
            yield run.start(), close.end()
            i = close.end()
        elif 0 < longest < ticks:
            yield run.start(), longest_end
            i = longest_end
        else:
            i = run.end() + ticks  # as Python-Markdown does: skip the run and as many characters again


def _block_comments(text: str) -> Iterator[tuple[int, int]]:
    """Comments Python-Markdown hides as raw HTML: those that start a line (inline ones come after links are read)."""
    i = 0
    while (start := text.find("<!--", i)) >= 0 and (close := _COMMENT_END.search(text, start + 4)) is not None:
        if close[0] != "-->":  # Python-Markdown reads such a comment as unclosed: text
            i = start + 1
            continue
        line = text.rfind("\n", 0, start) + 1
        if len(text[line:start].expandtabs(4)) <= 3 and not text[line:start].strip():
            yield start, close.end()
        i = close.end()


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Where two sorted lists of disjoint spans overlap."""
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            yield start, end
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` blanked out (newlines kept, so lines and offsets stay)."""
    parts, last = [], 0
    for start, end in sorted(spans):
        if end > last:
            start = max(start, last)
            parts += [text[last:start], _blank(text[start:end])]
            last = end
    return "".join(parts) + text[last:]


def _without_code(body: str, spans: bool = True) -> str:
    """``body`` with code and raw HTML comments blanked out; same length, same lines.

    In Python-Markdown's order: fences, then comments (raw HTML is read before
    indented code), then indented code, then code spans (unless ``spans`` is
    false). Tabs and carriage returns read as spaces, as Python-Markdown's
    first step makes them.
    """
    body = body.replace("\r", " ")
    fences, indented = _code_blocks(body)
    text = _mask(body, fences)
    comments = list(_block_comments(text))
    text = _mask(text, [*indented, *comments]).replace("\t", " ")
    if spans and "`" in text:
        budget = [_BUDGET + len(text)]
        readings = [
            [span for run in runs for span in _code_spans(text, *run, budget)]
            for runs in (_inline_runs(text, False), _outside(_inline_runs(text, True), comments))
        ]
        text = _mask(text, _overlaps(*readings))
    return text


def _outside(runs: Iterable[tuple[int, int]], cuts: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The parts of the sorted ``runs`` outside the sorted ``cuts`` (a comment block ends a paragraph)."""
    j = 0
    for start, end in runs:
        while j < len(cuts) and cuts[j][1] <= start:
            j += 1
        k = j
        while k < len(cuts) and cuts[k][0] < end:
            if cuts[k][0] > start:
                yield start, cuts[k][0]
            start = max(start, cuts[k][1])
            k += 1
        if end > start:
            yield start, end


def _brackets(block: str) -> dict[int, int]:
    """Each ``[`` and its matching ``]``, nested ones included, in one pass."""
    pairs, stack = {}, []
    for i, c in enumerate(block):
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            pairs[stack.pop()] = i
    return pairs


def find_links(body: str, body_line: int = 1) -> list[Link]:
    """Every link, image, reference definition, autolink and raw HTML ``href``/``src`` in ``body``.

    Lines count from ``body_line`` (the body's first line in its file).
    Links inside code blocks and code spans are not links and are left out.
    """
    links, line, counted = [], body_line, 0
    for kind, start, end, url in _scan(body):
        line += body.count("\n", counted, start)
        counted = start
        links.append(Link(kind, url, line, start, end))
    return links


@functools.lru_cache(maxsize=1 << 14)  # validation, the citations and the plan each read the same bodies
def _scan(body: str) -> tuple[tuple[str, int, int, str], ...]:
    """``(kind, start, end, url)`` of each link in ``body``, in order."""
    if "[" not in body and "<" not in body:
        return ()
    text = _without_code(body)
    # Escaped brackets and parentheses neither open nor close a link.
    unescaped = _ESCAPE.sub(lambda m: "  ", text)
    found: list[tuple[str, int, int]] = []
    offset, budget = 0, _BUDGET + 20 * len(body)
    for block in _BLOCK_BREAK.split(unescaped):
        if "](" in block and budget > 0:
            for open_, close in _brackets(block).items():
                if block.startswith("(", close + 1):
                    window = block[close + 1 : close + 1 + _MAX_URL]
                    href, _, end, handled = _link_parser.getLink(window, 0)
                    budget -= end if handled else len(window)
                    if budget < 0:  # brackets that never close: reading on would take minutes
                        found.append(("tangled", offset + close, offset + close))
                        break
                    start = window.find(href) if handled and href else -1
                    if start >= 0:
                        kind = "image" if open_ and block[open_ - 1] == "!" else "link"
                        at = offset + close + 1 + start
                        found.append((kind, at, at + len(href)))
        offset += len(block)
        offset += len(_BLOCK_BREAK.match(unescaped, offset)[0]) if offset < len(unescaped) else 0
    for m in _DEFINITION.finditer(text):
        if not m[1].startswith("^"):
            start, end = m.span(2)
            start += len(m[2]) - len(m[2].lstrip("<"))  # as Python-Markdown reads <destination>
            end -= len(m[2]) - len(m[2].rstrip(">"))
            found.append(("definition", start, max(start, end)))
    for m in _AUTOLINK.finditer(text):
        group = 1 if m[1] else 2
        found.append(("autolink", m.start(group), m.end(group)))
    for tag in _TAG.finditer(text):
        for attribute in _ATTRIBUTE.finditer(text, tag.start(1), tag.end(1)):
            group = next(g for g in (1, 2, 3) if attribute[g] is not None)
            found.append(("html", attribute.start(group), attribute.end(group)))
    links = []
    for kind, start, end in sorted(found, key=lambda f: f[1]):
        url = body[start:end].strip()
        if kind in ("link", "image"):  # Python-Markdown drops the escapes of inline destinations only
            url = _ESCAPE.sub(lambda m: m[0][1], url)
        links.append((kind, start, end, url))
    return tuple(links)


#: What text holding an entity link holds, lowercased: most bodies hold none and are not read twice.
_ENTITY_PREFIXES = tuple(f"{kind}:" for kind in ENTITY_KINDS)


def _may_link_entities(body: str) -> bool:
    # Lowercasing and substring search are C loops; a case-insensitive regex tried at every position of
    # every body took a second at 10,000 artefacts. A link's kind is matched lowercased (``entity_target``).
    if ":" not in body:
        return False
    lowered = body.lower()
    return any(prefix in lowered for prefix in _ENTITY_PREFIXES)


def entity_target(url: str) -> tuple[str, str, str] | None:
    """``(kind, id, anchor)`` of an entity link such as ``member:ana-silva#expertise``, else None."""
    kind, sep, rest = url.partition(":")
    if not sep or kind.lower() not in ENTITY_KINDS:
        return None
    ident, _, anchor = rest.partition("#")
    return kind.lower(), ident.strip(), anchor


def _entity(commons: m.Commons, kind: str, ident: str) -> m.Entity | None:
    return getattr(commons, ENTITY_KINDS[kind]).get(ident)


def link_entities(body: str, page: str, commons: m.Commons) -> str:
    """``body`` with each Markdown entity link pointing at the target's source file, relative to ``page``.

    MkDocs then turns it into the page's URL and checks it like any link;
    unknown ids are left alone (validation reports them).
    """
    if not _may_link_entities(body):
        return body
    folder = posixpath.dirname(page) or "."
    parts, last = [], 0
    for link in find_links(body):
        target = entity_target(link.url) if link.kind in ("link", "image", "definition") else None
        entity = _entity(commons, target[0], target[1]) if target else None
        if entity is not None:
            rewritten = posixpath.relpath(entity.path, folder) + (f"#{target[2]}" if target[2] else "")
            parts += [body[last : link.start], rewritten]
            last = link.end
    return "".join(parts) + body[last:] if parts else body


# -- the site as the build will see it ---------------------------------------------------


def site_files(root: Path) -> set[str]:
    """Every file MkDocs publishes from ``root``: hidden files and a top-level ``templates/`` are excluded."""
    found = set()
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root).as_posix()
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (base == "." and d == "templates")]
        found.update(name if base == "." else f"{base}/{name}" for name in files if not name.startswith("."))
    return found


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


@functools.cache
def _anchor_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(ANCHOR_EXTENSIONS))


#: A heading line, in a quote too, and the heading in it, as Python-Markdown reads them.
_ATX = re.compile(r"(?:[ ]{0,3}>[ ]?)*+(#{1,6}.*)")
#: A heading in a list item.
_ITEM_ATX = re.compile(r"[ ]{0,3}(?:[-*+]|\d+\.)[ ]+(#{1,6}.*)")
_HEADER = HashHeaderProcessor.RE
#: Heading text without Markdown or HTML: its id is its slug.
_PLAIN = re.compile(r"[^\\`*_\[\]<>&{}!]*")
#: What may give a page ids other than its plain headings' slugs: raw HTML, attributes, tables, admonitions.
_NOT_PLAIN = re.compile(  # and setext underlines, quoted too; autolinks are plain
    r"<(?![A-Za-z][A-Za-z0-9+.-]*://[^<>\s]*>)|[{|]|^!!!|^[ >]*+(?:=+|-+)[ ]*$", re.M
)


def _plain_heading_ids(body: str) -> set[str] | None:
    """The heading ids of a page made of plain Markdown, computed without converting it; None otherwise."""
    text = _without_code(body, spans=False)
    if _NOT_PLAIN.search(text):
        return None
    ids: set[str] = set()
    for block in _BLOCK_BREAK.split(text):
        for lines in _segments([line for line in block.split("\n") if line.strip()]):  # a blanked fence stands apart
            # Python-Markdown starts a list only at the start of a block: later "- # x" lines are items only there.
            unsure = bool(_LIST_ITEM.match(lines[0])) or any(">" in line for line in lines)
            listed = unsure and not any(">" in line for line in lines)
            for line in lines:
                if "#" not in line:
                    continue
                heading = _ATX.fullmatch(line) or (_ITEM_ATX.fullmatch(line) if listed else None)
                if heading is None:
                    if (unsure or line[0] == " ") and _MARKERS.sub("", line, count=1).lstrip().startswith("#"):
                        return None  # a heading Python-Markdown may or may not see: convert to be sure
                    continue
                header = _HEADER.match(heading[1])["header"].strip()
                if not _PLAIN.fullmatch(header):
                    return None
                toc.unique(toc.slugify(header, "-"), ids)
    return ids


def _segments(lines: list[str]) -> Iterator[list[str]]:
    """A block's lines cut after each heading line: Python-Markdown reads what follows as a new block."""
    start = 0
    for i, line in enumerate(lines):
        if line.startswith("#"):
            if i > start:
                yield lines[start:i]
            yield [line]
            start = i + 1
    if start < len(lines):
        yield lines[start:]


def anchors_in(body: str) -> set[str]:
    """The ids a page's Markdown gives it, as Python-Markdown (toc, attr_list, raw HTML) computes them.

    Plain pages take a shortcut giving the same ids: converting every page
    would cost validation as much as the build's own conversion.
    """
    plain = _plain_heading_ids(body)
    if plain is not None:
        return plain
    parser = _Anchors()
    try:
        parser.feed(_anchor_markdown().reset().convert(body))
    except RecursionError:  # a body too deep to convert is reported by the loader; it has no anchors here
        return set()
    return parser.ids


@dataclass
class _Site:
    root: Path
    commons: m.Commons
    today: Any
    files: set[str]
    #: Pages the plan adds beside the contributors' files.
    generated: set[str]
    #: Pages the plan writes headings on: the generated ones and the entities'.
    planned: set[str]
    #: Page path -> body as the page shows it.
    bodies: dict[str, str]
    #: (kind, id) of every entity file, readable or not: links to broken ones are reported in their own file.
    known: set[tuple[str, str]]
    #: The loader's ordinary pages (their front matter), as the plan takes them.
    pages: Any = None
    _anchors: dict[str, set[str]] = field(default_factory=dict)
    _rendered: set[str] = field(default_factory=set)
    _plan: SitePlan | None = None

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.generated

    def anchors(self, path: str, anchor: str) -> set[str]:
        """The anchors of page ``path``; its generated headings are rendered only when the body lacks ``anchor``."""
        if path not in self._anchors:
            self._anchors[path] = anchors_in(self.bodies.get(path, ""))
        ids = self._anchors[path]
        if anchor not in ids and path in self.planned and path not in self._rendered:
            self._rendered.add(path)
            page = self.plan().pages.get(path)
            if page is not None:
                ids |= {ident for _, ident, _ in page.headings_before + page.headings_after}
        return ids

    def plan(self) -> SitePlan:
        if self._plan is None:
            from .render import build_site_plan

            self._plan = build_site_plan(self.commons, today=self.today, pages=self.pages)
        return self._plan


_EMBED = re.compile(
    r"""<(iframe|img|video|audio|source|embed|object)\b[^<>]*?\s(?:src|data)\s*=\s*["']?([^"'\s<>]+)""", re.I
)
_EMBED_KIND = {"iframe": "embedded content", "img": "image", "video": "video", "audio": "audio", "source": "media",
               "embed": "embedded content", "object": "embedded content"}  # fmt: skip


def external_embeds(path: str, body: str, body_line: int, external_hosts: Iterable[str]) -> list[Problem]:
    """What readers will see instead of an image or embed from another site: a notice per embed, never a failure."""
    found = [(link.line, "image", link.url) for link in find_links(body, body_line) if link.kind == "image"]
    if "<" in body:
        text = _without_code(body)
        found += [(body_line + text.count("\n", 0, m.start()), _EMBED_KIND[m[1].lower()], m[2])
                  for m in _EMBED.finditer(text)]  # fmt: skip
    if not found:
        return []  # most pages: `validate` need not import the sanitiser (nh3) for them
    from .render.sanitise import host_allowed, host_of  # the sanitiser decides; this tells the contributor

    problems = []
    for line, what, url in sorted(found):
        host = host_of(url)
        if host is not None and not host_allowed(host, external_hosts):
            problems.append(Problem(
                path, line, f"readers will see a link to {host or url} instead of this {what}: "
                "pages load nothing from other sites", Severity.NOTICE,
                f"keep a copy in the commons next to this page and link to it, or ask the site's maintainers "
                f"to add {host} to external_hosts",
            ))  # fmt: skip
    return problems


_H1 = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


def split_heading(body: str) -> str:
    """The contributor's body without its leading H1: an entity page writes its own title."""
    return _H1.sub("", body, count=1).strip()


def check_links(
    root: Path, loaded: LoadResult, commons: m.Commons, today: Any = None, external_hosts: Iterable[str] = ()
) -> list[Problem]:
    """Every broken link, image, anchor and entity link in the bodies of the commons' pages,
    and a notice for each image or embed from another site (``external_hosts`` aside)."""
    from .render import paths  # the plan rewrites entity links with this module: imported late, no cycle

    rejected = set(loaded.rejected)
    entities = {e.path for kind in ENTITY_KINDS.values() for e in getattr(commons, kind).values()}
    generated = paths.generated_pages(commons)
    written = [(r.path, r.body, r.body_line) for r in (*loaded.records, *loaded.pages.values())]
    pages = []  # (path, the body as MkDocs converts it, its first line in the file)
    for path, body, body_line in written:
        if path in entities:
            built = split_heading(body)  # the page writes its own title
        else:
            built = body.strip() if path in generated else body.lstrip("\n")  # as the plan, or MkDocs, reads it
        pages.append((path, built, body_line + body.count("\n", 0, len(body.rstrip()) - len(built.rstrip()))))
    known = {(r.kind, r.id) for r in loaded.records} | {classify(p)[:2] for p in rejected if classify(p)}
    bodies = {path: built for path, built, _ in pages}
    links = [find_links(built, first_line) for _, built, first_line in pages]
    # Only a link needs the list of files: a walk of the whole folder that a commons without links (or
    # `validate --changed` on a file without any) can skip.
    files = site_files(root) - rejected if any(links) else set()
    site = _Site(root, commons, today, files, generated, entities | generated, bodies, known, loaded.pages)
    problems: list[Problem] = []
    for (path, built, first_line), found in zip(pages, links, strict=True):
        for link in found:
            problem = _check(site, path, link)
            if problem is not None:
                problems.append(problem)
        problems += external_embeds(path, built, first_line, external_hosts)
    return problems


def _check(site: _Site, page: str, link: Link) -> Problem | None:
    noun = "image" if link.kind == "image" else "link"

    def warn(message: str, hint: str = "", severity: Severity = Severity.WARNING) -> Problem:
        return Problem(page, link.line, message, severity, hint)

    if link.kind == "tangled":
        return warn(
            "the links after this line were not checked: too many '[' and '(' are never closed",
            "close each bracket, or write \\[ and \\( for a bracket that is text",
        )
    target = entity_target(link.url)
    if target is not None:
        kind, ident, anchor = target
        if link.kind == "html":
            hint = f"write it in Markdown: [text]({link.url})"
            return warn(f"entity link '{link.url}' in raw HTML is not converted", hint)
        if not ident:
            return warn(f"{noun} '{link.url}' names no {kind}", f"write the id after '{kind}:', e.g. {kind}:some-id",
                        Severity.ERROR)  # fmt: skip
        entity = _entity(site.commons, kind, ident)
        if entity is None:
            if (kind, ident) in site.known:
                return None  # its own file is broken, and reported there
            choices = getattr(site.commons, ENTITY_KINDS[kind])
            hint = did_you_mean(ident, choices) or f"no {kind} has the id '{ident}'"
            return warn(f"{noun} to unknown {kind} '{ident}'", hint, Severity.ERROR)
        return _check_anchor(site, page, link, entity.path, anchor, warn)
    if link.kind == "autolink":
        return None
    parts = urlsplit(link.url)
    if parts.scheme or parts.netloc:
        return None  # another site, or mailto: and the like
    if link.url.startswith(("/", "\\")):
        guess = _guess(site, link.url.lstrip("/\\").split("#")[0].split("?")[0], page)
        hint = f"write it relative to this file: '{guess}'" if guess else "write it relative to this file"
        return warn(f"{noun} '{link.url}' starts with '/': it breaks when the site is served under a sub-path", hint)
    if not parts.path:
        if parts.fragment:
            return _check_anchor(site, page, link, page, parts.fragment, warn)
        return None
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)).lstrip("/")
    if not site.exists(resolved):
        if not posixpath.splitext(path)[1]:
            guess = _guess(site, resolved, page)
            hint = f"link to the page's Markdown file: '{guess}'" if guess else "link to a file, e.g. a page's .md file"
            return warn(f"{noun} '{link.url}' does not name a file", hint)
        nearby = [p for p in site.files | site.generated if posixpath.dirname(p) == posixpath.dirname(resolved)]
        near = did_you_mean(posixpath.basename(resolved), [posixpath.basename(p) for p in nearby])
        hint = near or "check the name and the folder: paths are relative to this file"
        return warn(f"{noun} '{link.url}' points to {resolved}, which does not exist", hint)
    if link.kind == "html" and (resolved.endswith(".md") or not _is_index(page)):
        return warn(
            f"raw HTML {noun} '{link.url}' is not rewritten by the build and will not work on the page",
            "write a Markdown link [text](path) or image ![text](path); attributes go in { } after it",
        )
    if parts.fragment and resolved.endswith(".md"):
        return _check_anchor(site, page, link, resolved, parts.fragment, warn)
    return None


def _check_anchor(site: _Site, page: str, link: Link, target: str, anchor: str, warn: Any) -> Problem | None:
    if not anchor:
        return None
    ids = site.anchors(target, anchor)
    if anchor in ids:
        return None
    where = "this page" if target == page else target
    hint = did_you_mean(anchor, ids) or (
        f"its anchors: {', '.join(sorted(ids)[:8])}" if ids else "that page has no headings to link to"
    )
    return warn(f"link '{link.url}': {where} has no heading with the anchor '#{anchor}'", hint)


def _is_index(page: str) -> bool:
    return page == "index.md" or page.endswith("/index.md")


def _guess(site: _Site, resolved: str, page: str) -> str:
    """The relative link to the file a site URL or folder most likely means, or ''."""
    stem = resolved.rstrip("/")
    stem = stem[: -len(".html")] if stem.endswith(".html") else stem
    for candidate in (stem, f"{stem}.md", f"{stem}/index.md", f"{stem.removesuffix('/index')}.md"):
        candidate = candidate.lstrip("/") or "index.md"
        if candidate != "." and site.exists(candidate):
            return posixpath.relpath(candidate, posixpath.dirname(page) or ".")
    return ""
