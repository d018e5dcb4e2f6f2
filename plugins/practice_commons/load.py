"""Read a commons: every Markdown file with its front matter and the line of each key.

python-frontmatter splits front matter from the body; the YAML itself is composed
into nodes (safe tags only) so that every key and list item keeps its source line,
and values are built from the nodes under a budget so that an alias bomb is
refused at once instead of expanding.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .parallel import split_map
from .problems import Problem, Severity

try:  # libyaml is several times faster; the pure-Python loader gives the same nodes.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Most values one front matter may hold once aliases are expanded.
MAX_VALUES = 20_000
#: Largest front matter read, in characters.
MAX_FRONT_MATTER = 512 * 1024

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Key path inside the front matter -> 1-based line in the file.
Lines = dict[tuple[str | int, ...], int]


@dataclass(frozen=True, slots=True)
class Record:
    """One content file: its kind, id, front matter and where each key stands."""

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


@dataclass
class LoadResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Entity files that could not be read at all (their problems say why).
    rejected: list[str] = field(default_factory=list)


class _TooLarge(Exception):
    pass


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


class _Builder:
    """Build plain values from YAML nodes, recording each key's line."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.lines: Lines = {}
        self.budget = MAX_VALUES
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.duplicates: list[tuple[str, int]] = []

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, loc: tuple[str | int, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
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
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError):
            # An impossible date such as 2024-13-01: keep the text for the schema to name.
            return node.value


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


@dataclass(frozen=True, slots=True)
class Parsed:
    """One file split and parsed; ``data`` is None when the front matter is unusable."""

    data: dict[str, Any] | None
    lines: Lines
    body: str
    body_line: int
    problems: list[Problem]


def parse(text: str, path: str) -> Parsed:
    """Split one file into front matter (with the line of each key) and body."""
    text = text.lstrip("\ufeff")

    def refuse(line: int, message: str, hint: str = "", body: str = text, body_line: int = 1) -> Parsed:
        return Parsed(None, {}, body, body_line, [Problem(path, line, message, hint=hint)])

    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return refuse(1, "no front matter", "start the file with a line '---', the YAML keys, then '---'")
    try:
        raw, body = handler.split(text)
    except ValueError:
        return refuse(1, "front matter opened on line 1 is never closed", "end it with a line '---'")
    body_line = _line_at(text, len(text) - len(body))
    if body.startswith("\n"):  # the end of the closing '---' line, when the splitter left it
        body, body_line = body[1:], body_line + 1
    if len(raw) > MAX_FRONT_MATTER:
        limit = f"front matter is larger than {MAX_FRONT_MATTER // 1024} KiB"
        return refuse(1, limit, "move long text into the body", body, body_line)
    # YAML line 0 is the rest of the opening '---' line.
    offset = _line_at(text, text.index(raw)) - 1 if raw else 1
    try:
        node = yaml.compose(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 1
        reason = f"front matter is not valid YAML: {exc.problem or 'syntax error'}"
        return refuse(line, reason, "check indentation, colons and quotes", body, body_line)
    except yaml.YAMLError as exc:
        return refuse(1, f"front matter is not valid YAML: {exc}", "", body, body_line)
    if node is None:
        return refuse(1, "front matter is empty", "add the keys this kind needs", body, body_line)
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        line = node.start_mark.line + 1 + offset
        message = f"front matter must be a mapping of keys, found {found}"
        return refuse(line, message, "write it as 'key: value' lines", body, body_line)
    builder = _Builder(offset)
    try:
        data = builder.build(node, ())
    except _TooLarge:
        message = f"front matter expands to more than {MAX_VALUES:,} values"
        hint = "YAML aliases (*name) that repeat anchors are refused; write the values out"
        return refuse(builder.line(node.value[0][0]), message, hint, body, body_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 1
        message = f"front matter uses an unsupported YAML feature: {exc.problem}"
        return refuse(line, message, "use plain text, numbers, dates, lists and mappings", body, body_line)
    problems = [
        Problem(path, line, f"key '{key}' is given twice", hint="keep one; the later one would silently win")
        for key, line in builder.duplicates
    ]
    return Parsed(data, builder.lines, body, body_line, problems)


def read_text(file: Path, rel: str) -> tuple[str | None, list[Problem]]:
    raw = file.read_bytes()
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


def load_file(root: Path, rel: str) -> tuple[Record | None, list[Problem]]:
    """Load one entity file; return its record (None if unusable) and problems."""
    kind, ident, folder = classify(rel) or ("", "", "")
    if not kind:
        problem = misplaced(rel)
        return None, [problem] if problem else []
    text, problems = read_text(root / rel, rel)
    if text is None:
        return None, problems
    parsed = parse(text, rel)
    problems += parsed.problems
    if not SLUG.match(ident):
        problems.append(
            Problem(
                rel,
                1,
                f"'{ident}' is not a valid id",
                hint="rename the file (or folder) in lowercase letters, digits and hyphens, e.g. 'field-notes'",
            )
        )
        return None, problems
    if parsed.data is None:
        return None, problems
    return Record(kind, ident, rel, parsed.data, parsed.lines, parsed.body, parsed.body_line, folder), problems


class Cache:
    """Parsed files by path and modification time, kept across ``mkdocs serve`` rebuilds."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], Record | None, list[Problem]]] = {}

    def load_all(self, root: Path, files: list[str]) -> list[tuple[Record | None, list[Problem]]]:
        """Every file's record and problems, parsing (on both cores) only what changed."""
        stamps = {}
        for rel in files:
            stat = (root / rel).stat()
            stamps[rel] = (stat.st_mtime_ns, stat.st_size)
        changed = [rel for rel in files if self._entries.get(rel, ((0, 0),))[0] != stamps[rel]]
        for rel, (record, problems) in zip(
            changed, split_map(functools.partial(load_file, root), changed), strict=True
        ):
            self._entries[rel] = (stamps[rel], record, problems)
        for gone in set(self._entries) - set(stamps):
            del self._entries[gone]
        return [self._entries[rel][1:] for rel in files]


def content_files(root: Path) -> list[str]:
    """Every Markdown file under ``root``, relative, sorted, hidden folders skipped."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder).relative_to(root).as_posix()
        for name in sorted(files):
            if name.endswith(".md"):
                found.append(name if base == "." else f"{base}/{name}")
    return found


def load_commons(root: Path, cache: Cache | None = None) -> LoadResult:
    """Load every entity file under ``root``; never raises on content."""
    result = LoadResult()
    files = content_files(root)
    loaded = (cache if cache is not None else Cache()).load_all(root, files)
    for rel, (record, problems) in zip(files, loaded, strict=True):
        result.problems.extend(problems)
        if record is not None:
            result.records.append(record)
        elif classify(rel):
            result.rejected.append(rel)
    return result
