"""Read a commons: every file under the content directory, every Markdown page with its front matter.

Each file is a Markdown page (``.md``: an entity file or an ordinary page), an
asset of a kind the site publishes as it is (``ASSET_SUFFIXES``), or refused:
reported and left out of the site (``LoadResult.rejected``). Links are never
followed. python-frontmatter splits front matter from the body; the YAML itself
is composed into nodes (safe tags only) so that every key and list item keeps its
source line, and values are built from the nodes under budgets (values, depth) so
that an alias bomb or a deep nesting is refused at once instead of expanding.
Front matter of the common subset (plain 'key: value' rows, flow lists, lists of
small mappings) is read row by row instead (``_Fast``), to the same values and lines.
Bodies that would exhaust Python-Markdown are reported and not kept.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .parallel import split_map
from .placeholders import may_hold, placeholder_notices
from .problems import Problem, Severity

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Most values one front matter may hold once aliases are expanded.
MAX_VALUES = 20_000
#: Largest front matter read, in characters.
MAX_FRONT_MATTER = 512 * 1024
#: Deepest nesting of mappings and lists in front matter; building values recurses once per level.
MAX_DEPTH = 50
#: Deepest nesting of lists, quotes and indented or HTML blocks in a body. Python-Markdown
#: recurses once per level: 300 nested list items exhaust its stack, 200 take a second.
MAX_BODY_DEPTH = 40
#: Most characters Python-Markdown may reread for '[' and '<' in a body. For each '[' it reads
#: on to the matching ']' (or the end of the paragraph), for each '<' to the next '>' (or the
#: end of the text): 3,000 '[' never closed take a minute.
MAX_BODY_RESCAN = 200_000

#: Ids (file and folder names, key question ids), checked whole: ``$`` would let a final newline through.
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")

#: Files besides Markdown pages that the site publishes as they are: images, documents, data,
#: media. Not SVG (an SVG file can carry script), not HTML, CSS or JavaScript (they would run
#: on the site), not archives (a reviewer cannot see what is inside). Compared in lower case.
ASSET_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .avif .pdf .csv .txt .docx .xlsx .pptx .odt .ods .odp .mp3 .mp4 .webm".split()
)
#: Suffixes MkDocs reads as Markdown pages, in any case; only ``.md`` is read, so the rest are refused.
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
_LEFTOVER = re.compile(r"(~|\.(orig|rej|bak|swp|swo|tmp|old))$|^#.*#$", re.IGNORECASE)
_ACTIVE_SUFFIXES = (".html", ".htm", ".js", ".mjs", ".css")

#: Key path inside the front matter -> 1-based line in the file.
Lines = dict[tuple[str | int, ...], int]


#: Where each kind's file lives, by id (artefacts: in their home community's folder).
KIND_PATHS = {
    "community": "communities/{id}/index.md",
    "member": "members/{id}.md",
    "artefact": "practice/{community}/{id}.md",
    "event": "events/{id}.md",
    "story": "success-stories/{id}.md",
    "term": "glossary/{id}.md",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One Markdown file: its kind, id, front matter and where each key stands.

    Ordinary pages (the home page, index introductions, any page the
    organisation adds) have kind ``"page"``, no id and free-form front matter.
    """

    kind: str
    id: str
    path: str  # relative to the content directory, with forward slashes
    data: dict[str, Any]
    lines: Lines
    body: str
    body_line: int
    folder: str = ""  # artefacts: the community folder under practice/

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """Line of the deepest known key on ``loc`` (the whole file starts at 1)."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line:
                return line
        return 1

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        # Half the records travel back from the second core: the fields as one tuple pickle in two thirds of the
        # time of a slotted dataclass's state (a list of values, restored one ``setattr`` at a time).
        return (Record, _record_fields(self))


_record_fields = operator.attrgetter(*Record.__slots__)


@dataclass
class LoadResult:
    #: Entity files.
    records: list[Record] = field(default_factory=list)
    #: Ordinary pages by path.
    pages: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: What the site leaves out, files or linked folders (their problems say why): Markdown files
    #: that could not be read, files of kinds it does not publish, links.
    rejected: list[str] = field(default_factory=list)


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def classify(rel: str) -> tuple[str, str, str] | None:
    """Return ``(kind, id, folder)`` for a path inside the content directory.

    Files outside the entity folders (the home page, index pages, any page the
    organisation adds) are ordinary pages and return ``None``.
    """
    parts = rel.split("/")
    stem = parts[-1][:-3] if parts[-1].endswith(".md") else None
    if stem is None:
        return None
    top = parts[0]
    if top == "communities" and len(parts) == 3 and parts[2] == "index.md":
        return ("community", parts[1], "")
    if top == "practice" and len(parts) == 3 and stem != "index":
        return ("artefact", stem, parts[1])
    if len(parts) == 2 and stem != "index":
        kind = {
            "members": "member",
            "events": "event",
            "success-stories": "story",
            "glossary": "term",
        }.get(top)
        if kind:
            return (kind, stem, "")
    return None


_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
#: C0 controls but tab, newline and carriage return, and DEL: YAML escapes (\0, \x01) can write them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Builder:
    """Build plain values from YAML nodes, recording each key's line."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.lines: Lines = {}
        self.budget = MAX_VALUES
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.duplicates: list[tuple[str, int]] = []
        self.controls: list[int] = []  # lines of values that held control characters

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, loc: tuple[str | int, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        if len(loc) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise _TooDeep(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(None, None, f"the tag {node.tag} is not allowed", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, loc + ("<key>",))
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
                key = str(key)
                if key in out:
                    self.duplicates.append((key, self.line(key_node)))
                self.lines[loc + (key,)] = self.line(key_node)
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[loc + (index,)] = self.line(item)
                items.append(self.build(item, loc + (index,)))
            return items
        if node.tag == _STR_TAG:  # most values: skip the constructor's dispatch
            if _CONTROL.search(node.value):
                self.controls.append(self.line(node))
                return _CONTROL.sub("", node.value)
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError, AttributeError, KeyError, TypeError):
            # An impossible date such as 2024-13-01, or a tag its text does not fit (!!bool maybe,
            # !!timestamp soon), where PyYAML fails in its own ways: keep the text for the schema to name.
            return node.value


# -- The fast path -----------------------------------------------------------------------------
# Most front matter is a handful of 'key: value' lines, flow lists ('[a, b]') and lists of small
# mappings. Composing those with libyaml costs Python a node, a mark and a resolver call per value:
# ten seconds at 20,000 artefacts. ``_Fast`` reads that common subset line by line, with the same
# resolver and scalar constructors, and gives up (``_Fallback``) on anything else: anchors, tags,
# quotes with escapes, multi-line flow collections or plain scalars, tabs, comments after values...
# so that the composer, which knows all of YAML, reads those files and reports their errors.


class _Fallback(Exception):
    pass


#: Characters the fast path reads: printable, no tab, no CR and no line break but '\n' (YAML 1.1 also
#: breaks lines at NEL, LS and PS), no BOM. Anything else goes to the composer.
_FAST_ASCII = re.compile("[\n\x20-\x7e]*")


@functools.cache  # compiled when first needed: its ranges take a hundredth of a second
def _fast_text() -> re.Pattern[str]:
    return re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")


_FAST_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
#: A plain scalar inside a flow collection: no '#', quotes or flow indicators, ':' only before a letter or digit.
_FLOW_PLAIN_TEXT = r"[^ \-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#'\"]*(?::(?=[A-Za-z0-9])[^:,\[\]{}#'\"]*)*"
_FLOW_PLAIN = re.compile(_FLOW_PLAIN_TEXT)
#: What stands between the brackets of a flow list of plain scalars, and of a flow mapping of them.
_FLAT_SEQUENCE = re.compile(rf" *{_FLOW_PLAIN_TEXT}(?:, *{_FLOW_PLAIN_TEXT})*")
_FLAT_MAPPING = re.compile(
    rf" *[A-Za-z_][A-Za-z0-9_-]*: +{_FLOW_PLAIN_TEXT}(?:, *[A-Za-z_][A-Za-z0-9_-]*: +{_FLOW_PLAIN_TEXT})*"
)
#: A flow collection with nothing nested or quoted in it.
_FLAT = re.compile(r"\[([^\[\]{}#'\"]*)\] *|\{([^\[\]{}#'\"]*)\} *")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
#: First characters of a plain scalar that the fast path leaves to the composer (YAML's indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null", "timestamp"))
#: What a plain scalar's first character cannot be (with '[', '{', quotes, '|' and '>', which start other values).
_NOT_PLAIN = _INDICATORS
#: Keys already seen to be plain text (not 'yes', 'null'...), each to one string and the one path of it at the
#: top level: the records share them, which makes the loader's results smaller to hold and to send between cores.
_TEXT_KEYS: dict[str, tuple[str, tuple[str]]] = {}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.SafeLoader("")
#: First characters of the plain scalars the resolver may read as something else than text ('' included).
#: (PyYAML's table has no resolver for any first character, which it would key None.)
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
#: Plain scalar text -> its value, or _Fallback for text the fast path leaves to the composer.
_PLAIN: dict[str, Any] = {}


def _plain(text: str) -> Any:
    """The value of a plain scalar, as the composer and ``_Builder`` build it."""
    try:
        found = _PLAIN[text]  # the one string of a repeated value: records share it, as they share keys
    except KeyError:
        # No implicit resolver starts with this character: text (most titles and summaries, met once).
        tag = _STR_TAG if text[:1] not in _RESOLVED_FIRST else _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR_TAG:
            found = text
        elif tag in _SCALAR_TAGS:
            try:
                found = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
            except (ValueError, OverflowError, AttributeError, KeyError, TypeError):
                found = text  # as _Builder: the text, for the schema to name
            except Exception:  # noqa: BLE001 - whatever else, the composer decides
                found = _Fallback
        else:  # a merge key '<<', a value key '='
            found = _Fallback
        if len(_PLAIN) > 100_000:
            _PLAIN.clear()
        _PLAIN[text] = found
    if found is _Fallback:
        raise _Fallback
    return found


class _Fast:
    """Read the common subset of YAML front matter line by line; raise ``_Fallback`` on anything else."""

    def __init__(self, raw: str, offset: int) -> None:
        if "\r" in raw:  # a file saved with Windows line ends: YAML reads '\r\n' as '\n'
            raw = raw.replace("\r\n", "\n")
        if not (_FAST_ASCII if raw.isascii() else _fast_text()).fullmatch(raw):
            raise _Fallback
        self.rows = raw.split("\n")
        self.offset = offset
        self.lines: Lines = {}
        self.duplicates: list[tuple[str, int]] = []
        self.count = 0
        self.at = 0  # the next row to read
        self.spaces: int | None = None

    def document(self) -> dict[str, Any]:
        at = self.significant()
        if at == len(self.rows) or self.rows[at][:1] == " ":
            raise _Fallback  # empty, or not a mapping at the left margin: the composer words it
        data = self.mapping(0, ())
        if self.at != len(self.rows) or self.count > MAX_VALUES:
            raise _Fallback
        return data

    def significant(self) -> int:
        """Skip blank rows and comment rows at the left margin; the index of the next other row."""
        rows, at = self.rows, self.at
        while at < len(rows) and (not rows[at].strip(" ") or rows[at][0] == "#"):
            at += 1
        self.at = at
        return at

    def key(self, text: str) -> str:
        return (_TEXT_KEYS.get(text) or self.new_key(text))[0]

    @staticmethod
    def new_key(text: str) -> tuple[str, tuple[str]]:
        if not isinstance(_plain(text), str):
            raise _Fallback  # 'yes', 'null', '1': keys that are not plain text
        if len(_TEXT_KEYS) > 100_000:
            _TEXT_KEYS.clear()
        found = _TEXT_KEYS[text] = (text, (text,))
        return found

    def mapping(self, indent: int, loc: tuple[str | int, ...], first: int = -1) -> dict[str, Any]:
        """A block mapping whose keys stand at column ``indent`` (on row ``first``, after a '- ')."""
        if len(loc) > MAX_DEPTH // 2:
            raise _Fallback
        rows, out, lines, end = self.rows, {}, self.lines, len(self.rows)
        at, base, match_key = self.at, 1 + self.offset, _FAST_KEY.fullmatch
        # Every row of every file passes here: ``significant`` is written out, and each row stripped once.
        while at < end:
            row = rows[at]
            lead = row[:1]
            if at == first:
                column = indent
            elif lead != " " and lead:  # most rows: at the left margin, where nothing needs stripping
                if lead == "#":  # a comment
                    at += 1
                    continue
                if indent:
                    break
                column = 0
            else:
                stripped = row.lstrip(" ")
                if not stripped:  # a blank row
                    at += 1
                    continue
                column = len(row) - len(stripped)
                if column < indent:
                    break
            match = match_key(row, column) if column == indent else None
            if match is None:
                self.at = at
                raise _Fallback
            key, text = match.groups()
            key, path = _TEXT_KEYS.get(key) or self.new_key(key)
            line = at + base
            if key in out:
                self.duplicates.append((key, line))
            lines[loc + path if loc else path] = line
            self.count += 2
            if text and text[0] not in _NOT_PLAIN and ": " not in text and " #" not in text and text[-1] != ":":
                text = text.rstrip(" ")  # most values: a plain scalar, read at once (most often one met before)
                found = _PLAIN.get(text, _Fallback)
                out[key] = found if found is not _Fallback else _plain(text)
                at += 1
            elif text and text[0] == "[" and (flat := _FLAT.fullmatch(text)) is not None:
                out[key] = self.flat("[", flat.group(1), loc + path, line)  # most lists: '[a, b]' or '[]'
                at += 1
            else:
                self.at = at + 1
                out[key] = self.value((text or "").rstrip(" "), loc + (key,), indent, line)
                at = self.at
        self.at = at
        return out

    def value(self, text: str, loc: tuple[str | int, ...], indent: int, line: int) -> Any:
        """The value after 'key:' (``text``, possibly empty) of a mapping at column ``indent``."""
        if text:
            if text in ("|", "|-", ">", ">-"):
                return self.block_scalar(text, indent)
            return self.inline(text, loc, line)
        at = self.significant()
        if at < len(self.rows):
            row = self.rows[at]
            column = len(row) - len(row.lstrip(" "))
            if column >= indent and row.startswith("- ", column):
                return self.sequence(column, loc)
            if column > indent:
                return self.mapping(column, loc)
        return None  # 'key:' and nothing under it

    def sequence(self, indent: int, loc: tuple[str | int, ...]) -> list[Any]:
        if len(loc) > MAX_DEPTH // 2:
            raise _Fallback
        rows, items = self.rows, []
        while (at := self.significant()) < len(rows):
            row = rows[at]
            column = len(row) - len(row.lstrip(" "))
            if column < indent or (column == indent and not row.startswith("- ", column)):
                break  # the mapping above goes on (or, if it stands elsewhere, gives up)
            if column > indent:
                raise _Fallback
            text = row[column + 2 :]
            start = column + 2 + len(text) - len(text.lstrip(" "))
            text = text.strip(" ")
            line = at + 1 + self.offset
            index = len(items)
            self.lines[loc + (index,)] = line
            self.count += 1
            if _FAST_KEY.fullmatch(text):  # '- key: value': a mapping that starts on this row
                items.append(self.mapping(start, loc + (index,), first=at))
            elif not text or text[0] in "-|>":
                raise _Fallback
            else:
                self.at = at + 1
                items.append(self.inline(text, loc + (index,), line))
        return items

    def inline(self, text: str, loc: tuple[str | int, ...], line: int) -> Any:
        """A value written on one row, after 'key: ' or '- '."""
        first = text[0]
        if first in "[{":
            flat = _FLAT.fullmatch(text)
            if flat is not None:  # most flow collections: plain scalars, nothing nested
                return self.flat(first, flat.group(1 if first == "[" else 2), loc, line)
            value, end = self.flow(text, 0, loc, line)
            if text[end:].strip(" "):
                raise _Fallback
            return value
        if first == "'":
            match = _SINGLE_QUOTED.fullmatch(text)
            if match is None:
                raise _Fallback
            return match.group(1).replace("''", "'")
        if first == '"':
            match = _DOUBLE_QUOTED.fullmatch(text)
            if match is None:
                raise _Fallback
            return match.group(1)
        if first in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
            raise _Fallback
        return _plain(text)

    def flat(self, opener: str, inner: str, loc: tuple[str | int, ...], line: int) -> Any:
        """'[a, b]' or '{a: b, c: d}' (``inner`` between the brackets), each item a plain scalar."""
        if not inner.strip(" "):
            return [] if opener == "[" else {}
        if not (_FLAT_SEQUENCE if opener == "[" else _FLAT_MAPPING).fullmatch(inner):
            raise _Fallback
        items = inner.split(",")
        self.count += 1 + 2 * len(items)
        lines = self.lines
        if opener == "[":
            for index in range(len(items)):
                lines[loc + (index,)] = line
            return [_plain(item.strip(" ")) for item in items]
        mapping: dict[str, Any] = {}
        for item in items:
            key, value = item.split(":", 1)  # a key holds no ':'
            key = self.key(key.strip(" "))
            if key in mapping:
                self.duplicates.append((key, line))
            lines[loc + (key,)] = line
            mapping[key] = _plain(value.strip(" "))
        return mapping

    def flow(self, text: str, at: int, loc: tuple[str | int, ...], line: int) -> tuple[Any, int]:
        """The flow collection or scalar at ``text[at]``, and where it ends; on one row."""
        if len(loc) > MAX_DEPTH // 2:
            raise _Fallback
        self.count += 1
        opener = text[at]
        if opener not in "[{":
            if opener == "'" or opener == '"':
                match = (_SINGLE_QUOTED if opener == "'" else _DOUBLE_QUOTED).match(text, at)
                if match is None:
                    raise _Fallback
                return match.group(1).replace("''", "'") if opener == "'" else match.group(1), match.end()
            match = _FLOW_PLAIN.match(text, at)
            if match is None:
                raise _Fallback
            return _plain(match.group().rstrip(" ")), match.end()
        closer = "]" if opener == "[" else "}"
        out: Any = [] if opener == "[" else {}
        at = _skip(text, at + 1)
        if text[at] == closer:
            return out, at + 1
        while True:
            if opener == "[":
                self.lines[loc + (len(out),)] = line
                item, at = self.flow(text, at, loc + (len(out),), line)
                out.append(item)
            else:
                match = _FAST_KEY.match(text, at)  # 'key: ' (with its space) opens each pair
                if match is None or text[match.end(1) : match.end(1) + 2] != ": ":
                    raise _Fallback
                key = self.key(match.group(1))
                if key in out:
                    self.duplicates.append((key, line))
                self.lines[loc + (key,)] = line
                self.count += 1
                at = _skip(text, match.end(1) + 2)
                if text[at] in ",}":
                    raise _Fallback  # '{key: }'
                out[key], at = self.flow(text, at, loc + (key,), line)
            at = _skip(text, at)
            if text[at] == ",":
                at = _skip(text, at + 1)
                if text[at] in ",]}":
                    raise _Fallback
                continue
            if text[at] != closer:
                raise _Fallback
            return out, at + 1

    def last_spaces(self) -> int:
        """The last row made of spaces alone (-1 if none): found once, not once per block scalar."""
        if self.spaces is None:
            self.spaces = max((at for at, row in enumerate(self.rows) if row and not row.strip(" ")), default=-1)
        return self.spaces

    def block_scalar(self, style: str, indent: int) -> str:
        """A '|' or '>' scalar (clipped, or stripped with '-') whose rows are all written at one indent."""
        rows, at = self.rows, self.at
        content = []
        column = -1
        while at < len(rows):
            row = rows[at]
            stripped = row.lstrip(" ")
            if not stripped:
                if self.last_spaces() >= at:
                    raise _Fallback  # a row of spaces may still belong to the scalar
                break
            here = len(row) - len(stripped)
            if column < 0:
                column = here
                if column <= indent:
                    raise _Fallback
            if here < column:
                break
            if row.endswith(" ") or (here > column and style[0] == ">"):
                raise _Fallback  # trailing spaces, folded lines more indented: the composer's rules
            content.append(row[column:])
            at += 1
        if not content or at == len(rows):
            raise _Fallback  # empty, or no line break after the last row
        self.at = at
        self.count += 1
        text = ("\n" if style[0] == "|" else " ").join(content)
        return text if style.endswith("-") else text + "\n"


def _skip(text: str, at: int) -> int:
    while text[at] == " ":
        at += 1
    return at


def _fast(raw: str, offset: int) -> tuple[dict[str, Any], Lines, list[tuple[str, int]]] | None:
    """Front matter read by the fast path: values, lines and duplicate keys; None to compose it instead."""
    try:
        reader = _Fast(raw, offset)
        return reader.document(), reader.lines, reader.duplicates
    except (_Fallback, IndexError, RecursionError):
        return None


def _duplicates(path: str, duplicates: list[tuple[str, int]]) -> list[Problem]:
    hint = "keep one; the later one would silently win"
    return [Problem(path, line, f"key '{key}' is given twice", hint=hint) for key, line in duplicates]


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


#: The line that opens and closes front matter, as python-frontmatter finds it (the '---' of ``YAMLHandler``).
_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


def _split(text: str, start: int) -> tuple[str, str] | None:
    """python-frontmatter's split: the front matter from ``start`` (the end of the opening line) to the next
    boundary line, and the text after that line; None if there is none. A boundary starts a line with '---':
    only those places are tried, where the splitter's regular expression tries every character."""
    at = text.find("\n---", start - 1)
    while at >= 0:
        closing = _BOUNDARY.match(text, at + 1)
        if closing is not None:
            return text[start : closing.start()], text[closing.end() :]
        at = text.find("\n---", at + 1)
    return None


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file split and parsed; ``data`` is None when the front matter is unusable."""

    data: dict[str, Any] | None
    lines: Lines
    body: str
    body_line: int
    problems: list[Problem]
    #: The fast reader read the front matter: every text in ``data`` is written out in the file as it is.
    fast: bool = False


def parse(text: str, path: str, *, ordinary: bool = False) -> Parsed:
    """Split one file into front matter (with the line of each key) and body.

    ``ordinary``: an ordinary page, whose front matter is optional (as for
    MkDocs, an opening '---' that is never closed starts the body) and free-form.
    """
    text = text.lstrip("\ufeff")

    def refuse(line: int, message: str, hint: str = "", body: str = text, body_line: int = 1) -> Parsed:
        return Parsed(None, {}, body, body_line, [Problem(path, line, message, hint=hint)])

    opening = _BOUNDARY.match(text)
    if opening is None:
        if ordinary:
            return _checked(Parsed({}, {}, text, 1, []), path)
        return refuse(1, "no front matter", "start the file with a line '---', the YAML keys, then '---'")
    split = _split(text, opening.end())
    if split is None:
        if ordinary:
            return _checked(Parsed({}, {}, text, 1, []), path)
        return refuse(1, "front matter opened on line 1 is never closed", "end it with a line '---'")
    raw, body = split
    body_line = _line_at(text, len(text) - len(body))
    if body.startswith("\n"):  # the end of the closing '---' line, when the splitter left it
        body, body_line = body[1:], body_line + 1
    if len(raw) > MAX_FRONT_MATTER:
        limit = f"front matter is larger than {MAX_FRONT_MATTER // 1024} KiB"
        return refuse(1, limit, "move long text into the body", body, body_line)
    # YAML line 0 is the rest of the opening '---' line.
    offset = _line_at(text, text.index(raw)) - 1 if raw else 1
    too_deep = f"front matter is nested more than {MAX_DEPTH} levels deep"
    flatten = "flatten it: no field needs more than a few levels"
    fast = _fast(raw, offset)
    if fast is not None:
        data, lines, duplicates = fast
        return _checked(Parsed(data, lines, body, body_line, _duplicates(path, duplicates), fast=True), path)
    try:
        node = yaml.compose(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 1
        if "nesting depth" in str(exc.problem):  # libyaml stops at 1,000 levels
            return refuse(line, too_deep, flatten, body, body_line)
        reason = f"front matter is not valid YAML: {exc.problem or 'syntax error'}"
        return refuse(line, reason, "check indentation, colons and quotes", body, body_line)
    except yaml.YAMLError as exc:
        return refuse(1, f"front matter is not valid YAML: {exc}", "", body, body_line)
    except RecursionError:  # the pure-Python composer recurses once per level
        return refuse(offset + 1, too_deep, flatten, body, body_line)
    if node is None:
        if ordinary:
            return _checked(Parsed({}, {}, body, body_line, []), path)
        return refuse(1, "front matter is empty", "add the keys this kind needs", body, body_line)
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        line = node.start_mark.line + 1 + offset
        message = f"front matter must be a mapping of keys, found {found}"
        hint = "write it as 'key: value' lines"
        if ordinary:
            hint += "; if the '---' lines are meant as horizontal rules, write '***' instead"
        return refuse(line, message, hint, body, body_line)
    builder = _Builder(offset)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        message = f"front matter expands to more than {MAX_VALUES:,} values"
        hint = "YAML aliases (*name) that repeat anchors are refused; write the values out"
        return refuse(builder.line(node.value[0][0]), message, hint, body, body_line)
    except _TooDeep as exc:
        return refuse(builder.line(exc.node), too_deep, flatten, body, body_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 1
        message = f"front matter uses an unsupported YAML feature: {exc.problem}"
        return refuse(line, message, "use plain text, numbers, dates, lists and mappings", body, body_line)
    problems = _duplicates(path, builder.duplicates)
    message = "a value holds a control character (such as a NUL byte); the site leaves the character out"
    hint = "delete the escape (\\0, \\x01...) from the value"
    problems += [Problem(path, line, message, hint=hint) for line in builder.controls]
    return _checked(Parsed(data, builder.lines, body, body_line, problems), path)


# Body checks. Only lines whose prefix could be that deep are measured.
_DEEP_RUN = rf"[ \t>*+\-0-9.)]{{{MAX_BODY_DEPTH // 2 + 1},}}"
#: The first line's, then the others': a search for '\n' goes from line to line, where '^' (MULTILINE) would try
#: every character (seven times as long on a page of the synthetic commons).
_DEEP_FIRST = re.compile(_DEEP_RUN)
_DEEP_LATER = re.compile(rf"\n({_DEEP_RUN})")
_NESTING = re.compile(r"([ \t>]*)((?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*)")
_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*)>")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown\b")
_RESCANNED = re.compile(r"<!\[CDATA\[|[][<>]|\n[ \t]*\n")


def _body_depth(body: str) -> int | None:
    """Offset of the first place the body nests deeper than ``MAX_BODY_DEPTH``, if any.

    A line's depth counts its quote markers, its indentation after them (two
    columns a level, the nested-list indent) and the list markers that open it.
    """
    later = (found.start(1) for found in _DEEP_LATER.finditer(body))
    for start in itertools.chain((0,), later) if _DEEP_FIRST.match(body) else later:
        lead, markers = _NESTING.match(body, start).groups()
        indent = lead.rsplit(">", 1)[-1]
        columns = indent.count(" ") + 4 * indent.count("\t")
        if lead.count(">") + columns // 2 + len(_LIST_MARKER.findall(markers)) > MAX_BODY_DEPTH:
            return start
    if "markdown" in body:  # md_in_html: HTML blocks whose content is Markdown nest too
        open_tags: list[str] = []
        for tag in _HTML_TAG.finditer(body):
            closing, name, attributes = tag.groups()
            if closing:
                if open_tags and open_tags[-1] == name.lower():
                    open_tags.pop()
            elif _MARKDOWN_ATTRIBUTE.search(attributes) and not attributes.endswith("/"):
                open_tags.append(name.lower())
                if len(open_tags) > MAX_BODY_DEPTH:
                    return tag.start()
    return None


def _body_rescan(body: str) -> int | None:
    """Offset of the bracket at which Python-Markdown's rereading would pass ``MAX_BODY_RESCAN``, if any."""
    if (body.count("[") + body.count("<")) * len(body) <= MAX_BODY_RESCAN:
        return None  # each of them rereads the text once at most: most bodies stop here
    cost = 0
    brackets: list[int] = []  # '[' not closed yet in this paragraph
    angles: list[int] = []  # '<' not closed yet
    for token in _RESCANNED.finditer(body):
        at, text = token.start(), token.group()
        if text == "[":
            brackets.append(at)
            continue
        if text == "]":
            if brackets:
                opened = brackets.pop()
                cost += at - opened
                if cost > MAX_BODY_RESCAN:
                    return opened
        elif text == ">":
            for opened in angles:
                cost += at - opened
                if cost > MAX_BODY_RESCAN:
                    return opened
            angles.clear()
        elif text == "<":
            angles.append(at)
        elif text == "<![CDATA[":  # read on to ']]>', not to the next '>'
            end = body.find("]]>", at, at + MAX_BODY_RESCAN + 1)
            cost += (end if end >= 0 else len(body)) - at
            if cost > MAX_BODY_RESCAN:
                return at
        else:  # a blank line ends the paragraph, and the search for ']'
            for opened in brackets:
                cost += at - opened
                if cost > MAX_BODY_RESCAN:
                    return opened
            brackets.clear()
    for opened in brackets + angles:
        cost += len(body) - opened
        if cost > MAX_BODY_RESCAN:
            return opened
    return None


def _checked(parsed: Parsed, path: str) -> Parsed:
    """``parsed``, without its body if Python-Markdown could not convert it in reasonable time."""
    if not parsed.body or parsed.data is None:
        return parsed
    unpublished = "the page is published without its text until then"
    deep = _body_depth(parsed.body)
    if deep is not None:
        message = f"the text nests lists, quotes or blocks more than {MAX_BODY_DEPTH} levels deep"
        hint = f"flatten it; {unpublished}"
        at = deep
    else:
        at = _body_rescan(parsed.body)
        if at is None:
            return parsed
        message = "the text has too many '[' or '<' that are closed late or never, for Markdown to read it"
        hint = f"close them, or write \\[ and &lt; for the characters themselves; {unpublished}"
    problem = Problem(path, parsed.body_line + parsed.body.count("\n", 0, at), message, hint=hint)
    return Parsed(parsed.data, parsed.lines, "", parsed.body_line, [*parsed.problems, problem], parsed.fast)


def _read_bytes(file: Path | str) -> bytes:
    """The bytes of ``file``: ``os.read`` on its descriptor, half the system calls of ``open().read()``
    (a third of the reading time of 26,000 small files)."""
    fd = os.open(file, os.O_RDONLY)
    try:
        parts = []
        while more := os.read(fd, 1 << 16):
            parts.append(more)
    except OSError as exc:  # a folder opens, then fails to read: name it as open() would
        exc.filename = exc.filename or os.fspath(file)
        raise
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_text(file: Path | str, rel: str) -> tuple[str | None, list[Problem]]:
    raw = _read_bytes(file)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                rel,
                line,
                f"file is not UTF-8 (byte 0x{byte} cannot be read)",
                hint="save the file as UTF-8 in your editor",
            )
        ]


#: Where each kind's files live, to explain a file found elsewhere in their folders.
EXPECTED = {
    "communities": ("community", "communities/<community>/index.md"),
    "members": ("member", "members/<member>.md"),
    "practice": ("practice artefact", "practice/<community>/<artefact>.md"),
    "events": ("event", "events/<yyyy-mm-dd>-<slug>.md"),
    "success-stories": ("success story", "success-stories/<story>.md"),
    "glossary": ("glossary term", "glossary/<term>.md"),
}


def misplaced(rel: str) -> Problem | None:
    """A Markdown file inside an entity folder that is neither an entity nor an index page."""
    top = rel.split("/")[0]
    if top not in EXPECTED or classify(rel) or rel.endswith("/index.md") or "/" not in rel:
        return None
    noun, pattern = EXPECTED[top]
    return Problem(
        rel, 1, f"this file is not where a {noun} can be read from", Severity.WARNING,
        f"a {noun} lives at {pattern}; move it there, or out of {top}/ if it is an ordinary page",
    )  # fmt: skip


#: Keys of an ordinary page's front matter that MkDocs, its search and Material act on, with the
#: shape they expect: another shape would stop the build (``search: yes`` has no ``.get``).
THEME_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str, int, float), "description": (str,), "template": (str,), "search": (dict,), "hide": (list,),
    "tags": (list,), "status": (str,), "icon": (str,), "subtitle": (str,), "author": (str,),
}  # fmt: skip
_SHAPES = {str: "text", int: "text", float: "text", dict: "a mapping", list: "a list"}


def _theme_keys(data: dict[str, Any], lines: Lines, rel: str) -> list[Problem]:
    """Drop (and report) keys the theme would choke on; the rest of an ordinary page's front matter is free."""
    problems = []
    for key, shapes in THEME_KEYS.items():
        if key in data and data[key] is not None and not isinstance(data[key], shapes):
            del data[key]
            message = f"'{key}' should be {_SHAPES[shapes[0]]}: the site leaves it out"
            problems.append(Problem(rel, lines.get((key,), 1), message, hint=_THEME_HINTS.get(key, "")))
    return problems


_THEME_HINTS = {"search": "write 'search: {exclude: true}' to keep the page out of search", "hide": "e.g. [toc]"}


def load_file(root: Path, rel: str) -> tuple[Record | None, list[Problem]]:
    """Load one Markdown file; return its record (None if unusable) and problems."""
    record, problems, _ = _load_file(root, rel)
    return record, problems


def _load_file(root: Path, rel: str) -> tuple[Record | None, list[Problem], str | None]:
    """``load_file``, and the file's text when every text of the record is written out in it as it is (the fast
    reader read its front matter), else None."""
    kind, ident, folder = classify(rel) or ("page", "", "")
    problems = [problem] if kind == "page" and (problem := misplaced(rel)) else []
    text, unreadable = read_text(os.path.join(root, rel), rel)  # not root / rel: pathlib costs more than the read
    problems += unreadable
    if text is None:
        return None, problems, None
    parsed = parse(text, rel, ordinary=kind == "page")
    problems += parsed.problems
    if kind != "page" and not SLUG.fullmatch(ident):
        problems.append(
            Problem(
                rel,
                1,
                f"'{ident if ident.isprintable() else repr(ident)[1:-1]}' is not a valid id",
                hint="rename the file (or folder) in lowercase letters, digits and hyphens, e.g. 'field-notes'",
            )
        )
        return None, problems, None
    if parsed.data is None:
        return None, problems, None
    if kind == "page":
        problems += _theme_keys(parsed.data, parsed.lines, rel)
    record = Record(kind, ident, rel, parsed.data, parsed.lines, parsed.body, parsed.body_line, folder)
    return record, problems, text if parsed.fast else None


def _load_file_noticed(root: Path, rel: str) -> tuple[Record | None, list[Problem]]:
    """``load_file``, and the notices of template placeholders left in an entity file: per file, so on both cores."""
    record, problems, written = _load_file(root, rel)
    # A file read fast whose text lacks the words of every placeholder holds none: one look at the text, where
    # the search of the record writes out its whole front matter (``repr``) first.
    if record is not None and record.kind != "page" and (written is None or may_hold(written)):
        problems = problems + placeholder_notices([record])
    return record, problems


#: One file's record (None if unusable) and problems.
Loaded = tuple[Record | None, list[Problem]]


def _load_files(root: Path, files: list[str], meanwhile: Callable[[], object] | None = None) -> list[Loaded]:
    """Every file's record and problems (placeholder notices too), in the order of ``files``, on both cores
    (``meanwhile``: see ``parallel.split_map``)."""
    return split_map(functools.partial(_load_file_noticed, root), files, meanwhile)


class Cache:
    """Parsed files by path and modification time, kept across ``mkdocs serve`` rebuilds."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], Record | None, list[Problem]]] = {}

    def load_all(self, root: Path, files: list[str]) -> list[tuple[Record | None, list[Problem]]]:
        """Every file's record and problems (placeholder notices too), parsing (on both cores) only what changed."""
        stamps, base = {}, os.fspath(root)
        for rel in files:
            info = os.stat(os.path.join(base, rel))
            stamps[rel] = (info.st_mtime_ns, info.st_size)
        changed = [rel for rel in files if self._entries.get(rel, ((0, 0),))[0] != stamps[rel]]
        for rel, loaded in zip(changed, _load_files(root, changed), strict=True):
            self._entries[rel] = (stamps[rel], *loaded)
        for gone in set(self._entries) - set(stamps):
            del self._entries[gone]
        return [self._entries[rel][1:] for rel in files]

    def reload(self, root: Path, rel: str) -> tuple[Loaded | None, Loaded]:
        """Parse ``rel`` again and keep it: (its record and problems as cached before, or None; as read now)."""
        info = os.stat(os.path.join(os.fspath(root), rel))
        before = self._entries.get(rel)
        record, problems = _load_file_noticed(root, rel)
        self._entries[rel] = ((info.st_mtime_ns, info.st_size), record, problems)
        return (before[1:] if before is not None else None), (record, problems)


def _refused_link(root: Path, rel: str) -> Problem:
    target = os.path.realpath(root / rel)
    if Path(target).is_relative_to(root.resolve()):
        return Problem(
            rel, 1, "this is a link; links are not published", Severity.WARNING,
            "move or copy the file it points to here instead",
        )  # fmt: skip
    return Problem(
        rel, 1, "this is a link to something outside the content directory; it is not read or published",
        hint="copy what it should show into the content directory; links are never followed",
    )  # fmt: skip


def _refused_file(rel: str) -> Problem | None:
    """Why the site leaves out the file ``rel``, or None if it is a page or an asset it publishes."""
    name = rel.rsplit("/", 1)[-1]
    stem, suffix = os.path.splitext(name)
    if suffix == ".md" or suffix.lower() in ASSET_SUFFIXES:
        return None
    if suffix.lower() in _MARKDOWN_SUFFIXES:
        return Problem(
            rel, 1, f"only files ending in '.md' are read; this '{suffix}' file is left out of the site",
            hint=f"rename it to {stem}.md",
        )  # fmt: skip
    left_out = "this file is left out of the site"
    if suffix.lower() == ".svg":
        message, hint = f"{left_out}: an SVG image can carry script", "export it as PNG or WebP"
    elif suffix.lower() in _ACTIVE_SUFFIXES:
        message, hint = f"{left_out}: it could run script or restyle the site", "delete it, or add it to .gitignore"
    elif _LEFTOVER.search(name):
        message, hint = f"{left_out}: it looks like an editor or merge leftover", "delete it, or add it to .gitignore"
    else:
        kinds = ", ".join(sorted(ASSET_SUFFIXES))
        message = f"{left_out}: the site publishes Markdown pages (.md) and files of these kinds: {kinds}"
        hint = "delete it, or add it to .gitignore"
    return Problem(rel, 1, message, Severity.WARNING, hint)


def survey(root: Path) -> tuple[list[str], list[Problem]]:
    """Every Markdown page under ``root`` (relative, sorted), and why each other file is left out.

    Hidden files and folders are skipped, as MkDocs skips them. Links, to files
    or folders, are refused and never followed: what they point to may be
    outside the content directory. Each refusal's path is what the site leaves out.
    """
    pages: list[str] = []
    refused: list[Problem] = []

    def walk(folder: str, prefix: str) -> None:
        # scandir's entries know their type from the directory listing: no stat per file (26,000 at 20k artefacts).
        # Unsorted: both lists are sorted once at the end.
        try:
            with os.scandir(folder) as listing:
                entries = [e for e in listing if e.name[0] != "."]
        except OSError:  # an unreadable folder is passed over, as os.walk (and MkDocs) pass it over
            return
        folders = []
        for entry in entries:
            name = entry.name
            if name.endswith(".md") and entry.is_file(follow_symlinks=False):  # most entries: a page
                pages.append(prefix + name)
            elif entry.is_symlink():  # a linked folder or file is refused, never entered or read
                refused.append(_refused_link(root, prefix + name))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry)
            elif not entry.is_file(follow_symlinks=False):  # a pipe or device would block or never end
                refused.append(Problem(prefix + name, 1, "this is not a regular file; it is not read or published"))
            elif problem := _refused_file(prefix + name):
                refused.append(problem)
        for entry in folders:
            walk(entry.path, f"{prefix}{entry.name}/")

    walk(str(root), "")
    refused.sort(key=lambda p: p.path)
    pages.sort()
    return pages, refused


def load_commons(root: Path, cache: Cache | None = None, meanwhile: Callable[[], object] | None = None) -> LoadResult:
    """Load every Markdown file under ``root`` and survey the rest; never raises on content.

    ``meanwhile()`` is called once, while the second core (if any) reads its half of the files.
    """
    result = LoadResult()
    files, refused = survey(root)
    result.problems.extend(refused)
    result.rejected.extend(problem.path for problem in refused)
    # Without a cache (a build, `commons validate`) no file's time needs asking: 26,000 calls at 20k artefacts.
    if cache is not None:
        if meanwhile is not None:
            meanwhile()
        loaded = cache.load_all(root, files)
    else:
        loaded = _load_files(root, files, meanwhile)
    for rel, (record, problems) in zip(files, loaded, strict=True):
        result.problems.extend(problems)
        if record is None:
            result.rejected.append(rel)
        elif record.kind == "page":
            result.pages[rel] = record
        else:
            result.records.append(record)
    return result
