"""Lists nest as contributors see them on GitHub.

GitHub (CommonMark) nests a list under an item when it is indented to that item's
content column: two spaces under ``- ``, three under ``1. ``, four under ``10. ``.
Python-Markdown wants four spaces per level, so a list written for the pull-request
preview comes out flat or swallowed into a paragraph. This preprocessor reads the
list structure as CommonMark does (items' content columns on a stack, lazy
continuation lines, fenced and indented code) and writes it again in Python-Markdown's
model: four spaces per level plus whatever the line had beyond its item's column. It
also puts a blank line where Python-Markdown needs one to see what GitHub sees (a list
right after a paragraph, an item after a nested block, a bullet list turning ordered).

Only list structure moves: a line outside every list is left as it is, so an indented
code block stays a code block. The blocks of Material's extensions whose content is
indented four spaces (``!!!``, ``???``, ``===``, ``[^1]:``, ``:   ``) and block quotes
are read as documents of their own, normalised only if they hold a list.

Usage in ``mkdocs.yml``::

    markdown_extensions:
      - practice_commons.markdown.lists

It enables Python-Markdown's ``sane_lists`` too (an ordered list after a bullet list
is a new list, and keeps its first number), as on GitHub. It replaces
``mdx_truly_sane_lists``, which must not be enabled with it.

The work is linear in the size of the page: each line is read once at each level of
block nesting, with nesting bounded, and no regular expression.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

__all__ = ["GitHubListsExtension", "makeExtension", "normalise_lists"]

#: Deeper lists are left as written: bounds the output and Python-Markdown's recursion.
MAX_LIST_DEPTH = 16
#: Deeper admonitions, tabs and quotes are left as written, for the same reasons.
MAX_BLOCK_DEPTH = 8

# Tags that start an HTML block even inside a paragraph (CommonMark's kinds 1 and 6).
_HTML_BLOCK_TAGS = frozenset(
    "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div "
    "dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe "
    "legend li link main menu menuitem nav noframes ol optgroup option p param pre script search section "
    "style summary table tbody td textarea tfoot th thead title tr track ul".split()
)

# What the innermost open block is, as far as lists care.
_NONE, _PARAGRAPH, _FENCE, _CODE, _HTML = range(5)


def normalise_lists(text: str, tab_length: int = 4) -> str:
    """Rewrite GitHub-style list indentation in ``text`` as Python-Markdown reads it.

    >>> normalise_lists("- a\\n  - b\\n- c")
    '- a\\n    - b\\n- c'
    """
    return "\n".join(_normalise(text.split("\n"), tab_length))


def _normalise(lines: Iterable[str], tab_length: int) -> list[str]:
    expanded = [line.expandtabs(tab_length) if "\t" in line else line for line in lines]
    return _Normaliser(tab_length, 0).run(expanded)


class _Item:
    __slots__ = ("content", "empty")

    def __init__(self, content: int, empty: bool) -> None:
        self.content = content  # column of the item's content in the input
        self.empty = empty  # opened by a bare marker, no content yet


class _Marker:
    __slots__ = ("start", "end", "content", "ordered", "number", "empty")

    def __init__(self, start: int, end: int, content: int, ordered: bool, number: int, empty: bool) -> None:
        self.start, self.end, self.content = start, end, content
        self.ordered, self.number, self.empty = ordered, number, empty


def _marker(line: str, col: int) -> _Marker | None:
    """The list marker at ``col`` (``-``, ``+``, ``*``, or 1-9 digits and ``.`` or ``)``)."""
    size = len(line)
    char = line[col] if col < size else ""
    number = 0
    if char in ("-", "+", "*"):
        end, ordered = col + 1, False
    elif "0" <= char <= "9":
        end = col
        while end < size and end - col <= 9 and "0" <= line[end] <= "9":
            end += 1
        if end - col > 9 or end >= size or line[end] not in ".)":
            return None
        number, ordered = int(line[col:end]), True
        end += 1
    else:
        return None
    if end < size and line[end] != " ":
        return None
    text = end
    while text < size and line[text] == " ":
        text += 1
    if text == size:
        return _Marker(col, end, end + 1, ordered, number, True)
    # Five spaces or more after the marker: the item starts with indented code.
    return _Marker(col, end, end + 1 if text - end > 4 else text, ordered, number, False)


def _is_break(line: str, col: int) -> bool:
    """A thematic break (``***``, ``- - -``, ``___``) from ``col``: never a list item."""
    rest = line[col:]
    char = rest[:1]
    return char in ("-", "*", "_") and rest.count(char) >= 3 and not rest.replace(char, "").strip(" ")


def _fence(line: str, col: int) -> tuple[str, int] | None:
    char = line[col : col + 1]
    if char not in ("`", "~"):
        return None
    end = col
    while end < len(line) and line[end] == char:
        end += 1
    if end - col < 3 or (char == "`" and "`" in line[end:]):
        return None
    return char, end - col


def _closes_fence(line: str, col: int, char: str, length: int) -> bool:
    end = col
    while end < len(line) and line[end] == char:
        end += 1
    return end - col >= length and not line[end:].strip(" ")


def _is_heading(line: str, col: int) -> bool:
    end = col
    while end < len(line) and line[end] == "#":
        end += 1
    return 1 <= end - col <= 6 and (end == len(line) or line[end] == " ")


def _is_html(line: str, col: int, in_paragraph: bool) -> bool:
    """Whether an HTML block starts here: its lines run to the next blank line, never a list.

    Close to CommonMark's rules: a comment, a declaration or a block-level tag starts
    one anywhere; another tag only alone on its line, and not inside a paragraph.
    """
    if line[col : col + 1] != "<":
        return False
    if line[col + 1 : col + 2] in ("!", "?"):
        return True
    start = col + 2 if line[col + 1 : col + 2] == "/" else col + 1
    end = start
    while end < len(line) and line[end].isascii() and line[end].isalnum():
        end += 1
    name = line[start:end].lower()
    if not name or not name[0].isalpha() or (end < len(line) and line[end] not in " />"):
        return False
    if name in _HTML_BLOCK_TAGS:
        return True
    return not in_paragraph and line.rstrip(" ").endswith(">") and line.count("<", col) == 1


def _looks_like_item(text: str) -> bool:
    """Whether Python-Markdown would start a list item with ``text``."""
    if text[:1] in ("-", "+", "*"):
        return text[1:2] == " "
    digits = len(text) - len(text.lstrip("0123456789"))
    return digits > 0 and text[digits : digits + 2] == ". "


def _opens_block(line: str, col: int) -> bool:
    """A line whose block takes the following lines indented four more spaces.

    Admonitions (``!!!``), details (``???``), content tabs (``=== "Title"``),
    footnotes (``[^1]:``) and definitions (``:   ``): not GitHub's syntax, so their
    content keeps Python-Markdown's four spaces.
    """
    rest = line[col:]
    if rest.startswith(("!!!", "???")):
        return True
    if rest.startswith("==="):
        title = rest[3:].lstrip("!+")
        return title[:1] == " " and title.lstrip(" ")[:1] == '"'
    if rest.startswith("[^"):
        return rest.find("]:", 2) > 2
    return rest[:1] == ":" and rest[1:2] == " "


class _Normaliser:
    """One document: the page, or the content of an admonition, a tab or a quote."""

    def __init__(self, unit: int, nesting: int) -> None:
        self.unit = unit  # spaces per level in the output (Python-Markdown's tab length)
        self.nesting = nesting  # how many blocks this document sits in
        self.out: list[str] = []
        self.items: list[_Item] = []
        self.columns: list[int] = []  # the items' content columns, increasing, for bisect
        self.kinds: list[bool] = []  # ordered or not, for the list open at each depth
        self.leaf = _NONE
        self.fence: tuple[str, int, int, int] | None = None  # char, length, depth, indent it strips
        # Python-Markdown reads blocks between blank lines: (level, is a marker) of this
        # block's first line, and the level of its last line.
        self.block: tuple[int, bool] | None = None
        self.last_level = 0
        self.inserted: list[int] = []  # blank lines added, not read
        self.split: list[int] = []  # lines cut from the line before (a marker or a fence moved down)

    def run(self, lines: list[str]) -> list[str]:
        index = 0
        while index < len(lines):
            index = self._line(lines, index)
        return self.out

    # -- reading -------------------------------------------------------------------------

    def _line(self, lines: list[str], index: int) -> int:
        line = lines[index]
        text = line.lstrip(" ")
        if not text:
            self._blank()
            return index + 1
        indent = len(line) - len(text)
        depth = len(self.items)
        matched = bisect.bisect_right(self.columns, indent)  # items this line is indented into

        if self.fence is not None:
            char, length, fence_depth, strip = self.fence
            if matched >= fence_depth:
                rel = indent - self._column(fence_depth)
                closing = rel <= 3 and _closes_fence(line, indent, char, length)
                self._emit_code(line, text, fence_depth, 0 if closing else max(0, rel - strip))
                if closing:
                    self.fence, self.leaf = None, _NONE
                return index + 1
            self.fence = None  # its item ended, so did the fence

        if matched < depth and self.leaf == _PARAGRAPH and self._lazy(line, indent, matched):
            self._emit_content(line, text, depth, 0)
            return index + 1
        if matched < depth:
            self._close(matched)
            self.leaf = _NONE
        elif self.items and self.items[-1].empty:
            self.items[-1].empty = False
        return self._in_container(lines, index, indent, matched)

    def _lazy(self, line: str, indent: int, depth: int) -> bool:
        """Whether a line less indented than the open paragraph's item continues it."""
        if indent - self._column(depth) > 3:
            return True
        return not (_marker(line, indent) or _fence(line, indent) or self._starts_block(line, indent))

    def _starts_block(self, line: str, indent: int) -> bool:
        return (
            _is_heading(line, indent)
            or _is_break(line, indent)
            or line[indent] == ">"
            or _is_html(line, indent, self.leaf == _PARAGRAPH)
            or _opens_block(line, indent)
        )

    def _in_container(self, lines: list[str], index: int, indent: int, depth: int) -> int:
        """A line that belongs to the item at ``depth`` (0: the document) and to none deeper."""
        line = lines[index]
        text = line[indent:]
        rel = indent - self._column(depth)
        if self.leaf == _HTML:
            self._emit_content(line, text, depth, rel)
            return index + 1
        marker = _marker(line, indent) if rel <= 3 and not _is_break(line, indent) else None
        if marker and len(self.items) < MAX_LIST_DEPTH:
            interrupts = marker.empty or (marker.ordered and marker.number != 1)
            if self.leaf != _PARAGRAPH or not interrupts:
                self._open_items(line, marker, depth)
                return index + 1
        if rel > 3:
            if self.leaf not in (_PARAGRAPH, _CODE):
                if depth and self.block is not None:
                    self._part()  # Python-Markdown sees indented code only after a blank line
                self.leaf = _CODE
            self._emit_content(line, text, depth, rel)
            return index + 1
        if self.leaf != _PARAGRAPH:
            del self.kinds[depth:]  # a block other than an item ends the list at this depth
        fence = _fence(line, indent)
        setext = self.leaf == _PARAGRAPH and text[0] == "-"
        if depth and self.block is not None and not fence and not setext and self._starts_block(line, indent):
            self._part()  # inside an item, Python-Markdown sees these only at the start of a block
        if fence:
            self._emit_content(line, text, depth, 0)
            self.fence, self.leaf = (fence[0], fence[1], depth, rel), _FENCE
        elif _opens_block(line, indent) and self.nesting < MAX_BLOCK_DEPTH:
            return self._block(lines, index, indent, depth)
        elif text[0] == ">" and self.nesting < MAX_BLOCK_DEPTH:
            return self._quote(lines, index, indent, depth)
        else:
            if _is_heading(line, indent) or _is_break(line, indent):
                self.leaf = _NONE
            elif _is_html(line, indent, self.leaf == _PARAGRAPH):
                self.leaf = _HTML
            else:
                self.leaf = _PARAGRAPH
            self._emit_content(line, text, depth, rel)
        return index + 1

    def _open_items(self, line: str, marker: _Marker | None, depth: int) -> None:
        """One item, or several when the line starts with more than one marker (``- 1. a``)."""
        first = True
        while marker is not None:
            level = len(self.items)
            del self.kinds[level + 1 :]
            new_kind = len(self.kinds) > level and self.kinds[level] != marker.ordered
            self.kinds[level:] = [marker.ordered]
            # Python-Markdown continues a list across a change of kind unless a blank line parts them.
            self._place(level, marker=True, parted=first and new_kind)
            self.items.append(_Item(marker.content, marker.empty))
            self.columns.append(marker.content)
            first = False
            if marker.empty:
                self.out.append(" " * (self.unit * level) + line[marker.start : marker.end] + " ")
                self.leaf = _NONE
                break
            follows = marker.content == marker.end + 1 and line[marker.content] == " "  # indented code
            nested = None
            if not follows and len(self.items) < MAX_LIST_DEPTH and not _is_break(line, marker.content):
                nested = _marker(line, marker.content)
            fence = None if follows else _fence(line, marker.content)
            if nested is not None or fence is not None:
                # Python-Markdown reads a nested item or a fence only on a line of its own.
                self.out.append(" " * (self.unit * level) + line[marker.start : marker.end] + " ")
                self.split.append(len(self.out))
                if nested is not None:
                    marker = nested
                    continue
                self.out.append(" " * (self.unit * (level + 1)) + line[marker.content :])
                self.fence, self.leaf = (fence[0], fence[1], level + 1, 0), _FENCE
                break
            self.out.append(" " * (self.unit * level) + line[marker.start : marker.end] + " " + line[marker.content :])
            if follows:
                self.leaf = _CODE
            elif _is_heading(line, marker.content) or _is_break(line, marker.content):
                self.leaf = _NONE
            else:
                self.leaf = _PARAGRAPH
            break
        self.last_level = len(self.items)

    def _block(self, lines: list[str], index: int, indent: int, depth: int) -> int:
        """An admonition, tab, footnote or definition: its content is a document of its own."""
        inner = indent + self.unit
        last = index
        scan = index + 1
        while scan < len(lines):
            candidate = lines[scan]
            stripped = candidate.lstrip(" ")
            if stripped and len(candidate) - len(stripped) < inner:
                break
            if stripped:
                last = scan
            scan += 1
        self.leaf = _NONE
        del self.kinds[depth:]
        self._emit_content(lines[index], lines[index][indent:], depth, 0)
        body = [candidate[inner:] for candidate in lines[index + 1 : last + 1]]
        block = _Normaliser(self.unit, self.nesting + 1)
        normalised = block.run(body)
        if depth == 0 and normalised == body:
            self.out.extend(lines[index + 1 : last + 1])
        else:
            prefix = " " * ((indent if depth == 0 else self.unit * depth) + self.unit)
            start = len(self.out)
            self.inserted.extend(start + number for number in block.inserted)
            self.split.extend(start + number for number in block.split)
            self.out.extend(prefix + content if content else "" for content in normalised)
        self.last_level = depth
        return last + 1

    def _quote(self, lines: list[str], index: int, indent: int, depth: int) -> int:
        """A block quote: the lines that start with ``>`` in this container, read without it."""
        column = self._column(depth)
        end = index
        body = []
        while end < len(lines):
            candidate = lines[end]
            stripped = candidate.lstrip(" ")
            if not stripped.startswith(">") or not column <= len(candidate) - len(stripped) <= column + 3:
                break
            body.append(stripped[2:] if stripped[1:2] == " " else stripped[1:])
            end += 1
        del self.kinds[depth:]
        self.leaf = _PARAGRAPH  # its last paragraph takes lazy lines
        quote = _Normaliser(self.unit, self.nesting + 1)
        normalised = quote.run(body)
        self._place(depth, marker=False)
        if depth == 0 and normalised == body:
            self.out.extend(lines[index:end])
        else:
            # Lines the quote's content gained have no '>': Python-Markdown keeps a blank
            # line between two quotes in one, and a line without '>' in the quote above.
            margin = " " * (indent if depth == 0 else self.unit * depth)
            added, split = set(quote.inserted), set(quote.split)
            for number, content in enumerate(normalised):
                if number in added:
                    self.inserted.append(len(self.out))
                    self.out.append("")
                elif number in split:
                    self.split.append(len(self.out))
                    self.out.append(margin + content)
                else:
                    self.out.append(margin + "> " + content if content else margin + ">")
        self.last_level = depth
        return end

    def _blank(self) -> None:
        self.out.append("")
        if self.fence is not None:
            return  # part of the code: Python-Markdown sees the fence as one block
        if self.items and self.items[-1].empty:
            # An item may start with one blank line, not more: this one stays empty.
            self._close(len(self.items) - 1)
        if self.leaf != _CODE:
            self.leaf = _NONE  # indented code goes on across blank lines; other blocks end
        self.block = None

    def _close(self, depth: int) -> None:
        del self.items[depth:]
        del self.columns[depth:]
        del self.kinds[depth + 1 :]

    def _column(self, depth: int) -> int:
        return self.columns[depth - 1] if depth else 0

    # -- writing -------------------------------------------------------------------------

    def _place(self, level: int, marker: bool, parted: bool = False) -> None:
        """Start a new Python-Markdown block before this line where it needs one.

        Python-Markdown reads a block that starts indented as the content of the
        previous item, all of it; and a paragraph takes the lines after it, markers
        included. GitHub ends both where the indentation says.
        """
        if self.block is not None:
            first_level, first_marker = self.block
            if marker:
                needed = parted or first_level > level or (first_level == level and not first_marker)
            else:
                needed = self.last_level > level
            if needed:
                self._part()
        if self.block is None:
            self.block = (level, marker)

    def _part(self) -> None:
        self.inserted.append(len(self.out))
        self.out.append("")
        self.block = None

    def _emit_content(self, line: str, text: str, depth: int, rel: int) -> None:
        self._place(depth, marker=False)
        if depth and rel < self.unit and _looks_like_item(text):
            rel = self.unit  # GitHub reads it as text ("2." cannot interrupt a paragraph): so must Python-Markdown
        self.out.append(line if depth == 0 else " " * (self.unit * depth + rel) + text)
        self.last_level = depth

    def _emit_code(self, line: str, text: str, depth: int, rel: int) -> None:
        """A line inside a fence, or its end: moved with its item, never parsed."""
        self.out.append(line if depth == 0 else " " * (self.unit * depth + rel) + text)
        self.last_level = depth


class GitHubListsPreprocessor(Preprocessor):
    """Re-indent lists before Python-Markdown's block parser reads them."""

    def run(self, lines: list[str]) -> list[str]:
        return _normalise(lines, self.md.tab_length)


class GitHubListsExtension(Extension):
    """Lists nest as on GitHub: nested items indented to their parent's content column."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtensions(["sane_lists"], {})
        # After tabs are expanded (normalize_whitespace, 30), before fenced code is stashed (25).
        md.preprocessors.register(GitHubListsPreprocessor(md), "github_lists", 26)


def makeExtension(**kwargs: object) -> GitHubListsExtension:
    return GitHubListsExtension(**kwargs)
