"""Property tests: whatever a pull request writes, validation and the build answer with problems.

Hypothesis writes front matter of every kind (plausible values, wrong types, unknown keys, unicode,
huge numbers, impossible dates, deep nesting, YAML anchors, tags, duplicate keys, tabs) above bodies
full of Markdown and HTML oddities, and mutates the demo's files (bytes flipped, lines dropped or
repeated, indentation broken, a '---' lost, truncation, BOM, CRLF, NUL bytes, invalid UTF-8).
``build_commons`` and ``commons validate`` must answer every such commons with problems naming a
real file and a line, and never with a traceback, a hang or a memory blow-up; a strict MkDocs build
of a few mangled commons must succeed or stop with MkDocs' ``Abort``, and stop whenever
``commons validate --strict`` would.

``make test`` runs the ``ci`` profile: about 1,300 examples (some 2,500 files), derandomised so
that it cannot flake, in about 30 seconds. It reports a failing example as found, without shrinking
it; the failing files are also written, in full, to a folder the report names. Before a release,
explore at random with twenty times as many examples, shrinking what fails (about a quarter of an hour)::

    HYPOTHESIS_PROFILE=release PYTHONPATH=plugins .venv/bin/pytest tests/test_properties.py
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, note, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from practice_commons import Cache, Result, Severity, build_commons, cli
from practice_commons import vocabulary as v
from practice_commons.load import KIND_PATHS, SLUG
from practice_commons.schema import SCHEMAS

from .conftest import ROOT, SMALL_COMMONS

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")  # registered and loaded in conftest.py
SCALE = {"ci": 1, "release": 20}.get(PROFILE, 1)

#: Longest a validation of a small commons may take before it counts as a hang, in seconds.
VALIDATE_LIMIT = 20
#: Longest a strict MkDocs build of a small commons may take.
BUILD_LIMIT = 60
#: Most memory one validation or build may add before it counts as a blow-up.
MEMORY_LIMIT = 2 * 1024**3
#: Frames left to the code under test: Python's default limit of 1,000, less what the ``mkdocs`` command
#: (its click entry point) uses before the plugin runs.
FRAMES = 980


def examples(n: int) -> int:
    return n * SCALE


# --- Guards: a hang or a memory blow-up fails the example instead of stalling the suite -------------


class Exhausted(Exception):
    """Raised inside the code under test when it runs out of time."""


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail if the block runs longer than ``seconds``, grows the process by ``MEMORY_LIMIT`` or recurses deeper
    than a real run could.

    Hypothesis' deadline only measures an example once it has ended; an alarm
    stops a hang, and an address-space limit turns an alias bomb's gigabytes
    into a ``MemoryError`` before the machine swaps. Hypothesis raises the
    recursion limit for its own use, which would hide a ``RecursionError``
    that ``commons validate`` or ``mkdocs build`` meets: the block gets the
    frames those commands have under Python's default limit.
    """

    def expire(signum: int, frame: Any) -> None:
        raise Exhausted(f"still running after {seconds} s")

    pages = int(Path("/proc/self/statm").read_text().split()[0])
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = pages * os.sysconf("SC_PAGE_SIZE") + MEMORY_LIMIT
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    recursion = sys.getrecursionlimit()
    previous = signal.signal(signal.SIGALRM, expire)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    sys.setrecursionlimit(_stack_depth() + FRAMES)
    try:
        yield
    finally:
        sys.setrecursionlimit(recursion)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# --- A commons to write into, restored after each example --------------------------------------------


class Files(dict[str, bytes]):
    """Files by path, shown shortened in Hypothesis' report; ``kept`` writes them out in full."""

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{path!r}: {_short(data)}" for path, data in self.items()) + "}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    @contextlib.contextmanager
    def kept(self) -> Iterator[None]:
        """On failure, write the files to a folder and name it in the report, to reproduce it by hand."""
        try:
            yield
        except BaseException:
            folder = Path(tempfile.mkdtemp(prefix="commons-failure-"))
            for path, data in self.items():
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(data)
            note(f"the failing files, in full: {folder}")
            raise


def _short(data: bytes, keep: int = 240) -> str:
    return repr(data) if len(data) <= keep else f"{data[:keep]!r}...<{len(data) - keep} more bytes>"


class Scratch:
    """A content directory whose files an example may replace or add; ``put`` undoes them afterwards.

    Validation keeps a cache of parsed files across examples, as ``mkdocs serve`` does, so that each example
    parses only what it changed; every write gets a modification time of its own, so the cache cannot miss one.
    """

    _clock = time.time_ns()

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = Cache()

    def _write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        Scratch._clock += 1_000_000
        os.utime(path, ns=(Scratch._clock, Scratch._clock))

    @contextlib.contextmanager
    def put(self, files: dict[str, bytes]) -> Iterator[Scratch]:
        saved: dict[Path, bytes | None] = {}
        made: list[Path] = []
        try:
            for rel, data in files.items():
                path = self.root / rel
                missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
                made.extend(reversed(missing))
                path.parent.mkdir(parents=True, exist_ok=True)
                saved.setdefault(path, path.read_bytes() if path.is_file() else None)
                self._write(path, data)
            yield self
        finally:
            for path, data in saved.items():
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    self._write(path, data)
            for folder in reversed(made):
                shutil.rmtree(folder, ignore_errors=True)


def small_commons(root: Path) -> Path:
    for rel, text in SMALL_COMMONS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


#: Scratch commons live in memory where the system offers it: on a disk, writing thousands of small
#: files (and a site per build) takes most of this module's time.
SCRATCH_DIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


@pytest.fixture(scope="module")
def small() -> Iterator[Scratch]:
    with tempfile.TemporaryDirectory(dir=SCRATCH_DIR) as folder:
        yield Scratch(small_commons(Path(folder) / "content"))


@pytest.fixture(scope="module")
def demo() -> Iterator[Scratch]:
    with tempfile.TemporaryDirectory(dir=SCRATCH_DIR) as folder:
        yield Scratch(Path(shutil.copytree(ROOT / "content", Path(folder) / "content")))


# --- The properties ----------------------------------------------------------------------------------

ANNOTATION = re.compile(r"::(?P<severity>error|warning|notice) file=(?P<file>[^,\n]+),line=(?P<line>\d+)::[^\n]*")


_parser = functools.cache(cli.parser)


def validate(
    root: Path, output: str = "github", strict: bool = False, cache: Cache | None = None
) -> tuple[int, Result, str]:
    """Run ``commons validate`` in this process; return its exit code, the result it printed, its output."""
    results: list[Result] = []

    def spy(*args: Any, **kwargs: Any) -> Result:  # the real thing, kept to compare with what was printed
        results.append(build_commons(*args, **{"cache": cache, **kwargs}))
        return results[-1]

    out, err = io.StringIO(), io.StringIO()
    argv = ["validate", "--format", output, str(root)] + (["--strict"] if strict else [])
    real = cli.build_commons, cli.parser
    cli.build_commons, cli.parser = spy, _parser  # the same parser, built once: building it costs more than this
    try:
        with bounded(VALIDATE_LIMIT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    finally:
        cli.build_commons, cli.parser = real
    assert len(results) == 1, err.getvalue()
    return code, results[0], out.getvalue()


def lines_in(file: Path) -> int:
    """Lines as an editor counts them (a lone CR ends one too), and the empty one after a final newline."""
    return len(file.read_bytes().splitlines()) + 1


def assert_answers(
    scratch: Scratch, output: str = "github", strict: bool = False, named: frozenset[str] = frozenset()
) -> Result:
    """Validation ends, and each problem names a real file of the commons and a line of it.

    ``named``: files known to be wrong, each of which must have at least one problem.
    """
    root = scratch.root
    code, result, printed = validate(root, output, strict, scratch.cache)
    for problem in result.problems:
        file = root / problem.path
        assert not problem.path.startswith("/") and ".." not in problem.path.split("/"), problem
        assert file.is_file(), f"problem names no file of the commons: {problem}"
        assert isinstance(problem.line, int) and 1 <= problem.line <= lines_in(file), problem
        assert problem.message.strip(), problem
    failing = result.count(Severity.ERROR) + (result.count(Severity.WARNING) if strict else 0)
    assert code == (1 if failing else 0), printed
    if output == "github":
        lines = printed.split("\n")[:-1] if printed else []  # GitHub reads one command per '\n'-ended line
        assert len(lines) == len(result.problems), f"annotations do not stay one per line:\n{printed}"
        for line in lines:
            found = ANNOTATION.fullmatch(line)
            assert found, line
            file = re.sub(r"%(0A|0D|3A|2C|25)", lambda m: bytes.fromhex(m[1]).decode(), found["file"])
            assert Path(file).is_file() and int(found["line"]) >= 1, line
    elif output == "json":
        payload = json.loads(printed)
        assert payload["ok"] is (code == 0)
        assert [(p["path"], p["line"]) for p in payload["problems"]] == [
            ((root / p.path).as_posix(), p.line) for p in result.problems
        ]
    else:
        for problem in result.problems:
            path = (root / problem.path).as_posix()
            path = path if path.isprintable() else path.encode("unicode_escape").decode("ascii")
            assert f"{path}:{problem.line}: {problem.severity.value}: " in printed
    silent = named - {p.path for p in result.problems}
    assert not silent, f"wrong files given no problem: {sorted(silent)}"
    return result


# --- Strategies: values ------------------------------------------------------------------------------
# Strategies are built once, at import: building one inside a draw costs more than the draw.


@functools.cache
def upto(n: int) -> st.SearchStrategy[int]:
    """``0..n``: a position in a text or a list of length ``n``."""
    return st.integers(0, max(n, 0))


def one_in(draw: st.DrawFn, n: int) -> bool:
    return draw(upto(n - 1)) == 0


SLUG_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"
MEMBER_IDS = ("ana", "ben", "cleo")
COMMUNITY_IDS = ("fieldwork", "data")
ARTEFACT_IDS = ("listing-guide", "listing-checklist")
ODD_IDS = ("Ana", "ana ", " ana", "ana\n", "../ana", "ana/ben", "member:ana", "", "-", "ana--b", "ána", "0", "null")
ids = st.one_of(
    st.sampled_from(MEMBER_IDS + COMMUNITY_IDS + ARTEFACT_IDS + ODD_IDS),
    st.text(SLUG_CHARACTERS, min_size=1, max_size=12),
    st.text(max_size=12),
)

PROSE_BITS = (
    "Plain words.",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "**bold** and _italic_",
    "[link](javascript:alert(1))",
    "[ana](member:ana)",
    "`code`",
    '<b onmouseover="alert(1)">x</b>',
    '<img src=x onerror="alert(1)">',
    "\0body\0",
    "{{ page.title }}",
    "{% raw %}",
    "&amp; &lt; &#0; &#x110000;",
    "\u202eevil\u202c",
    "👩🏽‍🔬",
    "Ünïcödé Ελληνικά 日本語",
    "line one\nline two",
    "trailing space ",
    "\t",
    "\x0b\x0c\x1c\x85\u2028\u2029",
    "null",
    "~",
    "yes",
    "1e309",
    ".nan",
    "# not a comment",
    "key: value",
    "- item",
    "%",
    "::error::forged",
    "x" * 5000,
)
prose = st.one_of(
    st.sampled_from(PROSE_BITS),
    st.text(max_size=40),
    st.lists(st.sampled_from(PROSE_BITS), min_size=1, max_size=4).map(" ".join),
)
URLS = (
    "https://example.org/a?b=c#d",
    "http://localhost:8000",
    "mailto:ana@example.org",
    "tel:+33123",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "//evil.example/x",
    "../../etc/passwd",
    "ftp://x",
    "https://",
    "http://[::1",
    "",
)
urls = st.one_of(st.sampled_from(URLS), st.text(max_size=20))
IMPOSSIBLE_DATES = (
    "2024-13-01",
    "2023-02-29",
    "2024-02-30",
    "2024-06-31",
    "0000-01-01",
    "2024-00-10",
    "9999-12-31 23:59",
    "10000-01-01",
    "2024-1-1",
    "01/02/2024",
    "2024-01-01T25:00",
    "2024-01-01 24:61",
    "2024-01-01 14:00 +99:00",
    "tomorrow",
)
dates = st.one_of(
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=14))])),
    st.sampled_from(IMPOSSIBLE_DATES),
    st.integers(),
)
scalars = st.one_of(
    prose,
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.booleans(),
    st.none(),
    dates,
    ids,
    urls,
)
NESTED_KEYS = (
    "topic", "level", "community", "role", "id", "question", "name", "url", "cadence", "formats", "time",
    "budget", "support", "email", "chat", "phone", "office", "cycle", "text", "when", "evidence", "member",
)  # fmt: skip
keys = st.one_of(st.sampled_from(NESTED_KEYS), st.text(max_size=10))
# Two levels at most: deeper nesting comes from the raw YAML lines below, and st.recursive retries often.
junk = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(keys, scalars, max_size=3),
    st.lists(st.dictionaries(keys, scalars, max_size=2), max_size=2),
    st.dictionaries(keys, st.lists(scalars, max_size=2), max_size=2),
)


def some(values: st.SearchStrategy) -> st.SearchStrategy:
    """A value, a list of values, or nothing: as contributors write lists."""
    return st.one_of(values, st.lists(values, max_size=4), st.none())


def records(**fields: st.SearchStrategy) -> st.SearchStrategy:
    """Mappings with some of ``fields`` (plausible or junk values) and now and then an unknown key."""
    optional = {name: st.one_of(value, value, junk) for name, value in fields.items()}
    return st.fixed_dictionaries({}, optional=optional | {"extra": junk})


def vocab(words: tuple[str, ...]) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(words), st.sampled_from(words).map(str.upper), prose)


PLAUSIBLE: dict[str, st.SearchStrategy] = {
    "stage": vocab(v.STAGES),
    "role": vocab(v.ROLES),
    "level": vocab(v.LEVELS),
    "type": vocab(v.ARTEFACT_TYPES),
    "status": vocab(v.ARTEFACT_STATUSES + v.STORY_STATUSES),
    "kind": vocab(v.EVENT_KINDS),
    "value_for": some(vocab(v.VALUE_FOR)),
    "horizon": some(vocab(v.HORIZONS)),
    "value": some(vocab(v.VALUE_TAGS)),
    "timezone": st.sampled_from(["Europe/Paris", "UTC", "Mars/Olympus", "", "../../etc/passwd", "Europe/Paris\0"]),
    "url": urls,
    "github": urls,
    "attendance": st.one_of(st.integers(), st.floats(), prose),
    "community": st.one_of(st.sampled_from(COMMUNITY_IDS), ids),
    "private": some(st.one_of(st.sampled_from(sorted(SCHEMAS["member"].model_fields) + ["email", "phone"]), prose)),
    "expertise": some(records(topic=prose, level=vocab(v.LEVELS))),
    "memberships": some(records(community=st.sampled_from(COMMUNITY_IDS) | ids, role=vocab(v.ROLES))),
    "key_questions": some(records(id=ids, question=prose)),
    "channels": some(records(name=prose, url=urls)),
    "rhythm": st.one_of(prose, records(cadence=prose, formats=some(prose))),
    "resources": records(time=prose, budget=prose, support=prose),
    "contact": records(email=urls, chat=urls, phone=prose, office=prose),
    "steps": some(
        records(
            cycle=vocab(v.CYCLES),
            text=prose,
            when=dates,
            evidence=some(st.one_of(ids, st.sampled_from(["event:2026-03-01-clinic", "metric: 3 days", "member:"]))),
        )
    ),
}
for _name in ("created", "updated", "review_by", "founded", "start", "end", "when"):
    PLAUSIBLE[_name] = dates
for _name in (
    "coordinators", "core_group", "sponsors", "authors", "reviewers", "mentors", "hosts", "speakers",
    "attendees", "narrators",
):  # fmt: skip
    PLAUSIBLE[_name] = some(st.one_of(st.sampled_from(MEMBER_IDS), ids))
for _name in ("communities", "related", "derived_from", "outputs", "answers"):
    PLAUSIBLE[_name] = some(st.one_of(st.sampled_from(COMMUNITY_IDS + ARTEFACT_IDS + ("sampling",)), ids))


def plausible(field: str) -> st.SearchStrategy:
    return PLAUSIBLE.get(field, st.one_of(prose, some(prose)))


#: Each field's values: plausible twice as often as junk.
VALUES = {
    name: st.one_of(plausible(name), plausible(name), junk) for spec in SCHEMAS.values() for name in spec.model_fields
}


# --- Strategies: YAML oddities, inserted as raw lines ------------------------------------------------


def nested(depth: int, flow: bool) -> str:
    if flow:
        return "x-deep: " + "[" * depth + "]" * depth
    # One space per level keeps a thousand levels under the front matter's size limit.
    return "x-deep:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(depth)) + " " * (depth + 1) + "end"


def alias_bomb(levels: int) -> str:
    lines = ["x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"x-a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines)


RAW_LINES = (
    "x-anchor: &anchor [1, 2]\nx-alias: *anchor",
    "title: &t Shared\nname: *t",
    "<<: {title: merged}",
    "x-merge: &m {a: 1}\nx-use:\n  <<: *m",
    "x-undefined: *nowhere",
    "x-py: !!python/object/apply:os.system ['true']",
    "x-name: !!python/name:os.system",
    "x-module: !!python/module:os",
    "x-binary: !!binary aGVsbG8=",
    "x-set: !!set {a, b}",
    "x-omap: !!omap [a: 1, b: 2]",
    "x-pairs: !!pairs [a: 1]",
    "created: !!timestamp 2024-13-01",
    "x-when: !!timestamp not-a-date",
    "x-bool: !!bool maybe",
    "x-int: !!int 12x",
    "x-float: !!float abc",
    "x-custom: !custom value",
    "x-verbatim: !<tag:yaml.org,2002:str> text",
    "!!python/object:object {}: x",
    "\tkey: tab-indented",
    "x-tab:\tvalue",
    "x-tabbed:\n\t- item",
    "%YAML 1.1",
    "%TAG ! tag:evil.example,2000:",
    "? [a, b]\n: complex key",
    "? {a: 1}\n: complex key",
    "[1, 2]: flow key",
    "~: null key",
    "1: number key",
    "1.5: float key",
    "true: bool key",
    "2024-01-01: date key",
    ": empty key",
    "x-literal: |\n  several\n  lines",
    "x-folded: >-\n  folded\n\n  text",
    "x-bad-block: |0\n  x",
    "...",
    "--- second document",
    "x-unclosed: [a, b",
    "x-unclosed: {a: 1",
    "x-quote: 'unclosed",
    'x-dquote: "\\x\\q"',
    "created: 2024-13-01",
    "start: 2026-02-30 14:00",
    "start: 2026-03-01 25:00",
    "founded: 0000-00-00",
    "end: 2026-03-01T10:00:00+99:00",
    "attendance: 1e999999",
    "attendance: 0x_",
    "attendance: 99999999999999999999999999999999999999",
    "x-nul: \0",
    "x-bom: \ufeff",
    "x-nel: a\x85b",
    "clé: valeur",
    "ti\u200btle: zero width",
    "ｔｉｔｌｅ: fullwidth",
    "x-long: " + "a" * 20000,
    "  indented: oddly",
    "- a list item among keys",
    "x-self: &self\n  me: *self",
)


_DEPTHS = st.one_of(st.integers(1, 1500), st.integers(900, 1000))  # YAML's own limit is 1,000 levels
_RAW_LINES = st.sampled_from(RAW_LINES)


@st.composite
def odd_lines(draw: st.DrawFn) -> str:
    choice = draw(upto(9))
    if choice == 0:
        return nested(draw(_DEPTHS), flow=draw(st.booleans()))
    if choice == 1:
        return alias_bomb(draw(st.integers(2, 10)))
    return draw(_RAW_LINES)


odd_line = odd_lines()
odd_line_lists = st.lists(odd_line, max_size=3)


#: Lines that make any front matter wrong, wherever they land.
NEVER_VALID = ("!!python/", "x-unclosed", "x-undefined")


# --- Strategies: bodies ------------------------------------------------------------------------------

BODY_BITS = (
    "# Heading\n\nParagraph with **bold**.",
    "<script>alert(1)</script>",
    "<!-- unclosed comment",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name=q></form>',
    '<div style="background:url(https://evil.example/x.png)">x</div>',
    "![remote](https://example.org/x.png)",
    "![missing](images/nope.png)",
    "[missing page](../nope.md)",
    "[missing anchor](#nowhere)",
    "[root absolute](/members/ana/)",
    "[member](member:ana) [unknown](member:zed) [bad](member:)",
    "[js](javascript:alert(1)) <javascript:alert(1)>",
    "[ref][undefined] [^footnote]\n\n[^footnote]: a note",
    "```python\nunclosed fence",
    "~~~\ncode\n~~~",
    "    indented code",
    "| a | b |\n|---|\n| 1 | 2 | 3 |",
    "> quote\n>> deeper\n>>> deeper still",
    "- [ ] task\n- [x] done",
    "~~strike~~ https://example.org autolink",
    "{: #id .class onclick=alert(1) }",
    "!!! note\n    admonition body",
    '<div markdown="1">\n**inside**\n</div>',
    "---\nnot front matter\n---",
    "***\n___\n- - -",
    "\0body\0",
    "{{ page.meta }} {% include 'x' %}",
    "\\[ x \\] $x$ $$y$$",
    "<" * 50 + ">" * 50,
    "*" * 200,
    "\u202e\u200b\ufeff",
    "\x00\x01\x02",
    "\r\n\r\n\r",
)


_LIST_DEPTHS = st.one_of(st.integers(1, 50), st.integers(250, 400))  # Python-Markdown recurses per level
_INDENTS = st.sampled_from([2, 4])


@st.composite
def deep_list(draw: st.DrawFn) -> str:
    depth, indent = draw(_LIST_DEPTHS), draw(_INDENTS)
    return "\n".join(" " * (indent * i) + "- item" for i in range(depth))


_RUNS = st.integers(1, 3000)


@st.composite
def brackets(draw: st.DrawFn) -> str:
    n = draw(_RUNS)
    return ["[" * n + "x" + "]" * n, "[" * n, "(" * n, "*" * n + "x", "> " * n + "deep"][draw(upto(4))]


bodies = st.lists(st.one_of(st.sampled_from(BODY_BITS), st.text(max_size=60), deep_list(), brackets()), max_size=5).map(
    "\n\n".join
)


# --- Strategies: whole files -------------------------------------------------------------------------

ODD_NAMES = (
    "Ana Silva", "ana_silva", "ána", "ana\nx", "-ana", "ana--b", "ANA", "a" * 120, "ana.md", "2026-13-45-x",
)  # fmt: skip
#: Names that are not ``*.md`` but look like content; item 5 of issue 6: read and validated, or reported.
ODD_SUFFIXES = (".MD", ".markdown", ".md.orig", ".md~")
ORDINARY_PAGES = (
    "index.md",
    "communities/index.md",
    "members/index.md",
    "experts/index.md",
    "practice/index.md",
    "practice/fieldwork/index.md",
    "practice/types/method.md",
    "events/index.md",
    "success-stories/index.md",
    "glossary/index.md",
    "about.md",
    "how-to/contribute.md",
)


_IDENTS = st.one_of(st.text(SLUG_CHARACTERS, min_size=1, max_size=12), st.sampled_from(MEMBER_IDS + ARTEFACT_IDS))
_ODD_NAMES = st.sampled_from(ODD_NAMES)
_ODD_SUFFIXES = st.sampled_from(ODD_SUFFIXES)
_FOLDERS = st.sampled_from(COMMUNITY_IDS + ("nowhere",))
_DAYS = st.dates()


def entity_path(draw: st.DrawFn, kind: str) -> tuple[str, bool]:
    """A path where a ``kind`` file lives, and whether the name alone makes it wrong."""
    ident = draw(_ODD_NAMES) if one_in(draw, 6) else draw(_IDENTS)
    if kind == "event" and SLUG.match(ident):
        ident = f"{draw(_DAYS).isoformat()}-{ident}"
    odd = not SLUG.match(ident)
    path = KIND_PATHS[kind].format(id=ident, community=draw(_FOLDERS))
    if one_in(draw, 8):
        path = path[: -len(".md")] + draw(_ODD_SUFFIXES)
        odd = True
    return path, odd


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's is many times faster


def dump(data: dict[str, Any], style: bool | None, unicode: bool) -> str:
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=style, allow_unicode=unicode, sort_keys=False, width=60)


_FIELDS = {kind: st.lists(st.sampled_from(list(spec.model_fields)), unique=True) for kind, spec in SCHEMAS.items()}
_REQUIRED = {
    kind: [name for name, field in spec.model_fields.items() if field.is_required()] for kind, spec in SCHEMAS.items()
}
_UNKNOWN = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=6).map("x-".__add__) | st.text(max_size=8), junk, max_size=2
)
_STYLES = st.sampled_from([False, None, True])


def front_matter(draw: st.DrawFn, kind: str) -> tuple[str, bool]:
    """YAML front matter of ``kind`` (without its fences), and whether it is surely wrong."""
    required = _REQUIRED[kind]
    dropped = {required[draw(upto(len(required) - 1))]} if required and one_in(draw, 6) else set()
    names = [n for n in dict.fromkeys(required + draw(_FIELDS[kind])) if n not in dropped]
    data = {name: draw(VALUES[name]) for name in names}
    unknown = {key: value for key, value in draw(_UNKNOWN).items() if key not in SCHEMAS[kind].model_fields}
    data.update(unknown)
    lines = dump(data, draw(_STYLES), draw(st.booleans())).splitlines()
    wrong = bool(dropped or unknown)
    for odd in draw(odd_line_lists):
        lines.insert(draw(upto(len(lines))), odd)
        wrong = wrong or any(marker in odd for marker in NEVER_VALID)
    if one_in(draw, 6):  # a key given twice
        top = [line for line in lines if line[:1].isalpha() and ":" in line]
        if top:
            lines.append(top[draw(upto(len(top) - 1))])
            wrong = True
    return "\n".join(lines) + "\n", wrong


_OPENINGS = st.sampled_from(["---", "---", "---", "--- ", "----", "+++"])
_CLOSINGS = st.sampled_from(["---", "---", "---", "...", "--- # end", ""])


def framed(draw: st.DrawFn, yaml_text: str, body: str) -> tuple[str, bool]:
    """A file from front matter and body; the fences now and then go wrong."""
    opening, closing = draw(_OPENINGS), draw(_CLOSINGS)
    text = f"{opening}\n{yaml_text}{closing}\n{body}\n"
    return text, opening not in ("---", "--- ") or closing == ""


_KINDS = st.sampled_from(list(SCHEMAS))


@st.composite
def entity_files(draw: st.DrawFn) -> tuple[str, bytes, bool]:
    """``(path, bytes, surely_wrong)`` of a generated file of some kind."""
    kind = draw(_KINDS)
    path, odd_name = entity_path(draw, kind)
    yaml_text, wrong = front_matter(draw, kind)
    text, bad_fences = framed(draw, yaml_text, draw(bodies))
    return path, text.encode("utf-8", "surrogatepass"), odd_name or wrong or bad_fences


_PAGE_META = records(title=prose, description=prose, template=prose, hide=some(prose), search=junk)
_PAGES = st.sampled_from(ORDINARY_PAGES)


@st.composite
def ordinary_pages(draw: st.DrawFn) -> tuple[str, bytes, bool]:
    """The home page, an index page's introduction or a page of the organisation's own."""
    meta = draw(_PAGE_META)
    lines = dump(meta, None, True).splitlines() if meta else []
    for odd in draw(odd_line_lists):
        lines.insert(draw(upto(len(lines))), odd)
    body = draw(bodies)
    text = f"---\n{chr(10).join(lines)}\n---\n{body}\n" if draw(st.booleans()) else body
    data = text.encode("utf-8", "surrogatepass")
    if one_in(draw, 4):  # saved in another encoding, cut short, a BOM...
        data = mutated(draw, data)
    return draw(_PAGES), data, False


_GENERATED = st.lists(st.one_of(entity_files(), entity_files(), ordinary_pages()), min_size=1, max_size=3)


@st.composite
def commons_files(draw: st.DrawFn) -> tuple[Files, frozenset[str]]:
    """Generated files to add to the small commons, and the ones that are surely wrong."""
    files = Files()
    wrong: set[str] = set()
    for path, data, surely_wrong in draw(_GENERATED):
        files[path] = data
        (wrong.add if surely_wrong else wrong.discard)(path)
    return files, frozenset(wrong)


# --- Strategies: mutations of existing files ---------------------------------------------------------

Mutation = Callable[[st.DrawFn, bytes], bytes]
_BYTE, _BIT, _FEW = st.integers(0, 255), st.integers(0, 7), st.integers(1, 3)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    return items[draw(upto(len(items) - 1))]


def flip_bit(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    i = draw(upto(len(data) - 1))
    return data[:i] + bytes([data[i] ^ (1 << draw(_BIT))]) + data[i + 1 :]


def set_byte(draw: st.DrawFn, data: bytes) -> bytes:
    i = draw(upto(len(data)))
    return data[:i] + bytes([draw(_BYTE)]) + data[i + 1 :]


def drop_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(upto(len(lines) - 1))
    return b"\n".join(lines[:i] + lines[i + draw(_FEW) :])


def duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(upto(len(lines) - 1))
    return b"\n".join(lines[: i + 1] + [lines[i]] * draw(_FEW) + lines[i + 1 :])


def swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = draw(upto(len(lines) - 1)), draw(upto(len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def break_indentation(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(upto(len(lines) - 1))
    line = lines[i]
    lines[i] = _pick(draw, [line.lstrip(b" "), b" " * draw(_FEW) + line, b"\t" + line.lstrip(b" "), line[1:]])
    return b"\n".join(lines)


def remove_fence(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    fences = [i for i, line in enumerate(lines) if line.rstrip() == b"---"]
    if fences:
        del lines[_pick(draw, fences)]
    return b"\n".join(lines)


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(upto(len(data)))]


ODD_BYTES = [
    b"\xef\xbb\xbf",  # a BOM, at the start or anywhere
    b"\x00",
    b"\x00" * 3,
    b"\xff",
    b"\xc3",  # a truncated two-byte sequence
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xc0\xaf",  # an overlong '/'
    b"\r",
    b"\t",
    b"\x1b[31m",
    b"\xe2\x80\xa8",  # LINE SEPARATOR
]


def insert_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    i = draw(upto(len(data)))
    return data[:i] + _pick(draw, ODD_BYTES) + data[i:]


def insert_yaml(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    lines.insert(draw(upto(len(lines))), draw(odd_line).encode("utf-8", "surrogatepass"))
    return b"\n".join(lines)


WHOLE_FILE: list[Callable[[bytes], bytes]] = [
    lambda data: b"\xef\xbb\xbf" + data,
    lambda data: data.replace(b"\n", b"\r\n"),
    lambda data: data.replace(b"\n", b"\r"),
    lambda data: data.decode("utf-8", "replace").encode("latin-1", "replace"),
    lambda data: data.decode("utf-8", "replace").encode("utf-16"),
    lambda data: data.replace(b"  ", b"\t"),
    lambda data: b"",
    lambda data: b"\n" + data,
    lambda data: data * 2,
]


def whole_file(draw: st.DrawFn, data: bytes) -> bytes:
    return _pick(draw, WHOLE_FILE)(data)


MUTATIONS: list[Mutation] = [
    flip_bit,
    set_byte,
    drop_lines,
    duplicate_line,
    swap_lines,
    break_indentation,
    remove_fence,
    truncate,
    insert_bytes,
    insert_yaml,
    whole_file,
]


def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(_FEW)):
        data = _pick(draw, MUTATIONS)(draw, data)
    return data


DEMO_FILES = sorted(p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*.md"))
SMALL_TEXTS = {rel: textwrap.dedent(text).lstrip("\n").encode("utf-8") for rel, text in SMALL_COMMONS.items()}


@st.composite
def demo_mutations(draw: st.DrawFn) -> Files:
    chosen = draw(st.lists(st.sampled_from(DEMO_FILES), min_size=1, max_size=3, unique=True))
    return Files({name: mutated(draw, (ROOT / "content" / name).read_bytes()) for name in chosen})


@st.composite
def small_mutations(draw: st.DrawFn) -> Files:
    chosen = draw(st.lists(st.sampled_from(sorted(SMALL_TEXTS)), min_size=1, max_size=3, unique=True))
    return Files({name: mutated(draw, SMALL_TEXTS[name]) for name in chosen})


# --- Tests ------------------------------------------------------------------------------------------

outputs = st.sampled_from(["github", "json", "text"])


@settings(max_examples=examples(800))
@given(generated=commons_files(), output=outputs, strict=st.booleans())
def test_generated_front_matter_of_every_kind_gets_problems_naming_file_and_line(small, generated, output, strict):
    files, wrong = generated
    with files.kept(), small.put(files):
        assert_answers(small, output, strict, named=wrong)


@settings(max_examples=examples(400))
@given(files=small_mutations())
def test_mutated_small_commons_files_get_problems_naming_file_and_line(small, files):
    with files.kept(), small.put(files):
        assert_answers(small)


@settings(max_examples=examples(100))
@given(files=demo_mutations(), output=outputs)
def test_mutated_demo_files_get_problems_naming_file_and_line(demo, files, output):
    with files.kept(), demo.put(files):
        assert_answers(demo, output)


# --- A strict MkDocs build of a few mangled commons -------------------------------------------------

_SMALL_FILES = st.sampled_from(sorted(SMALL_TEXTS))


@st.composite
def mangled_small_commons(draw: st.DrawFn) -> Files:
    """Two to four changes to the small commons, the first a valid file with an odd body."""
    files = Files()
    for index in range(draw(st.integers(2, 4))):
        choice = 2 if index == 0 else draw(upto(3))
        if choice == 0:
            path, data, _ = draw(entity_files())
        elif choice == 1:
            path, data, _ = draw(ordinary_pages())
        elif choice == 2:  # what only the build reads: the Markdown of the body
            path = draw(_SMALL_FILES)
            data = SMALL_TEXTS[path] + draw(bodies).encode("utf-8", "surrogatepass") + b"\n"
        else:
            path = draw(_SMALL_FILES)
            data = mutated(draw, SMALL_TEXTS[path])
        files[path] = data
    return files


def strict_build(files: Files) -> tuple[int, bool]:
    """``commons validate --strict``'s exit code and whether ``mkdocs build --strict`` passed, on the small commons.

    The site uses the demo's configuration (theme overrides, Markdown extensions), inherited.
    """
    with tempfile.TemporaryDirectory(dir=SCRATCH_DIR) as folder:
        base = Path(folder)
        root = small_commons(base / "content")
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        (base / "mkdocs.yml").write_text(
            f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\ndocs_dir: content\n"
            f"theme:\n  custom_dir: {json.dumps(str(ROOT / 'site_templates'))}\n"
        )
        validated, _, _ = validate(root, strict=True)
        config = load_config(str(base / "mkdocs.yml"), strict=True, site_dir=str(base / "site"))
        try:
            with bounded(BUILD_LIMIT):
                mkdocs_build(config)
        except Abort:
            return validated, False
        return validated, True


@settings(max_examples=examples(8), deadline=None)
@given(files=mangled_small_commons())
def test_strict_build_of_a_mangled_commons_succeeds_or_aborts(files):
    """Succeed or stop with MkDocs' Abort, never another exception; and stop whenever validate would."""
    with files.kept():
        validated, built = strict_build(files)
        assert built or validated != 0, "`commons validate --strict` passed but `mkdocs build --strict` failed"
