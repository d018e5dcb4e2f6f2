"""The loader turns any file into records or problems: never an exception, never a hang."""

from __future__ import annotations

import time
import tracemalloc

from practice_commons import build_commons
from practice_commons.load import parse

from .conftest import write_commons

BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
"""


def test_every_key_and_list_item_keeps_its_line():
    parsed = parse("---\ntitle: x\nauthors:\n  - a\n  - b\n---\n# Body\n", "f.md")
    assert parsed.problems == []
    assert parsed.data == {"title": "x", "authors": ["a", "b"]}
    assert parsed.lines[("title",)] == 2
    assert parsed.lines[("authors", 1)] == 5
    assert (parsed.body_line, parsed.body) == (7, "# Body\n")


def test_body_line_counts_blank_lines_after_front_matter():
    parsed = parse("---\ntitle: x\n---\n\n\n# Body\n", "f.md")
    assert (parsed.body_line, parsed.body) == (6, "# Body\n")


def test_alias_bomb_is_refused_quickly_with_bounded_memory():
    tracemalloc.start()
    started = time.perf_counter()
    parsed = parse(BOMB, "members/bomb.md")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.data is None
    assert "expands to more than" in parsed.problems[0].message
    assert parsed.problems[0].line == 2
    assert elapsed < 0.5
    assert peak < 50 * 1024 * 1024


def test_unusable_front_matter_becomes_a_problem_on_that_file(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/latin1.md": None,
            "members/empty.md": "---\n---\nbody\n",
            "members/alist.md": "---\n- a\n- b\n---\n",
            "members/scalar.md": "---\njust text\n---\n",
            "members/broken.md": "---\nname: [unclosed\nunit: x\n---\n",
            "members/unclosed.md": "---\nname: x\n",
            "members/nofm.md": "# Just a page\n",
            "members/pyobj.md": "---\nname: !!python/object/apply:os.system [ls]\n---\n",
            "members/bomb.md": BOMB,
        },
    )
    (commons_dir / "members/latin1.md").write_bytes("---\nname: Zoé\n---\n".encode("latin-1"))
    result = build_commons(commons_dir)
    by_file = {p.path: p for p in result.problems}
    assert "not UTF-8" in by_file["members/latin1.md"].message and by_file["members/latin1.md"].line == 2
    assert "empty" in by_file["members/empty.md"].message
    assert "found a list" in by_file["members/alist.md"].message
    assert "found a single value" in by_file["members/scalar.md"].message
    assert "not valid YAML" in by_file["members/broken.md"].message and by_file["members/broken.md"].line == 3
    assert "never closed" in by_file["members/unclosed.md"].message
    assert "no front matter" in by_file["members/nofm.md"].message
    assert "unsupported YAML" in by_file["members/pyobj.md"].message
    assert "expands" in by_file["members/bomb.md"].message
    assert set(result.rejected) >= {"members/bomb.md", "members/latin1.md", "members/empty.md"}
    # The rest of the commons still loads.
    assert "ana" in result.commons.members


def test_duplicate_key_is_named_with_its_line(commons_dir):
    write_commons(commons_dir, {"members/dup.md": "---\nname: A\nunit: x\nname: B\n---\n"})
    problems = [p for p in build_commons(commons_dir).problems if p.path == "members/dup.md"]
    assert [(p.line, p.message) for p in problems] == [(4, "key 'name' is given twice")]


def test_file_names_that_are_not_slugs_are_refused(commons_dir):
    write_commons(commons_dir, {"members/Ana Silva.md": "---\nname: A\n---\n"})
    problems = [p for p in build_commons(commons_dir).problems if p.path == "members/Ana Silva.md"]
    assert "not a valid id" in problems[0].message and "lowercase" in problems[0].hint


def test_ordinary_pages_are_not_entities(commons_dir):
    write_commons(commons_dir, {"members/index.md": "# People\n", "about.md": "no front matter\n"})
    result = build_commons(commons_dir)
    assert result.problems == []
    assert "index" not in result.commons.members


def test_files_astray_in_entity_folders_are_warned_about(commons_dir):
    write_commons(
        commons_dir,
        {"practice/stray.md": "---\ntitle: X\ntype: guide\n---\n", "success-stories/old/x.md": "# Old\n"},
    )
    found = {p.path: p for p in build_commons(commons_dir).problems}
    assert found["practice/stray.md"].severity.value == "warning"
    assert "practice/<community>/<artefact>.md" in found["practice/stray.md"].hint
    assert "not where a success story can be read from" in found["success-stories/old/x.md"].message
