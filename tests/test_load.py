"""The loader turns any file into records or problems: never an exception, never a hang."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_commons import Severity, build_commons, load, parallel
from practice_commons.load import parse

from .conftest import ROOT, write_commons

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
    parsed = parse(BOMB, "members/bomb.md")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert parsed.data is None
    assert "expands to more than" in parsed.problems[0].message
    assert parsed.problems[0].line == 2
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


# -- files inside the content directory -------------------------------------------------------------------


def test_files_the_commons_does_not_know_are_reported_and_left_out(commons_dir):
    private = "---\nname: Ana Silva\ncontact: {phone: '+33 1 23'}\n---\n"
    write_commons(
        commons_dir,
        {
            "members/ana.md.orig": private,
            "members/ana.md~": private,
            "members/zoe.markdown": "---\nname: Zoé\n---\n",
            "NOTES.MD": "# Notes\n",
            "page.html": "<script>alert(1)</script>\n",
            "logo.svg": "<svg onload='alert(1)'/>\n",
            "practice/fieldwork/photo.png": "png",
            "practice/fieldwork/PLAN.PDF": "pdf",
        },
    )
    result = build_commons(commons_dir)
    found = {p.path: p for p in result.problems}
    assert set(result.rejected) == {
        "members/ana.md.orig", "members/ana.md~", "members/zoe.markdown", "NOTES.MD", "page.html", "logo.svg",
    }  # fmt: skip
    assert found["members/zoe.markdown"].severity is Severity.ERROR
    assert "rename it to zoe.md" in found["members/zoe.markdown"].hint
    assert "rename it to NOTES.md" in found["NOTES.MD"].hint
    assert found["members/ana.md~"].severity is Severity.WARNING
    assert ".gitignore" in found["members/ana.md~"].hint
    assert "script" in found["logo.svg"].message
    assert "zoe" not in result.commons.members
    assert "practice/fieldwork/photo.png" not in found and "practice/fieldwork/PLAN.PDF" not in found


def test_symlink_out_of_content_is_refused_with_its_name(commons_dir, tmp_path):
    outside = tmp_path / "outside"
    write_commons(outside, {"secret.md": "---\nname: Secret\n---\n", "passwd": "root:x:0:0\n"})
    (commons_dir / "members/secret.md").symlink_to(outside / "secret.md")
    (commons_dir / "leak").symlink_to(outside, target_is_directory=True)
    (commons_dir / "glossary/alias.md").symlink_to(commons_dir / "glossary/enumerator.md")
    result = build_commons(commons_dir)
    found = {p.path: p for p in result.problems}
    assert set(result.rejected) == {"members/secret.md", "leak", "glossary/alias.md"}
    for path in ("members/secret.md", "leak"):
        assert found[path].severity is Severity.ERROR and "outside the content directory" in found[path].message
    assert found["glossary/alias.md"].severity is Severity.WARNING
    assert "secret" not in result.commons.members and "alias" not in result.commons.terms
    assert not any(p.path.startswith("leak/") for p in result.problems)  # the link was not followed


def test_id_ending_in_a_newline_is_not_an_id(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/zoe\n.md": "---\nname: Zoé\n---\n",
            "communities/data/index.md": "---\ntitle: D\ndomain: d\nstage: potential\n"
            'key_questions: [{id: "open\\n", question: Q?}]\n---\n',
        },
    )
    result = build_commons(commons_dir)
    found = {p.path: p for p in result.problems}
    assert "not a valid id" in found["members/zoe\n.md"].message
    assert "zoe\n" not in result.commons.members
    assert "not a slug" in found["communities/data/index.md"].message


# -- no input crashes the loader ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: " + "[" * 998 + "]" * 998,  # libyaml composes up to 999 levels
        "title:\n  " + "- " * 998 + "x",
        "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "v",
        "title: " + "[" * 5000 + "]" * 5000,
    ],
    ids=["flow-998", "dashes-998", "block-60", "flow-5000"],
)
def test_deeply_nested_front_matter_is_a_problem_not_a_recursion_error(front_matter):
    parsed = parse(f"---\n{front_matter}\n---\n", "members/deep.md")
    assert parsed.data is None
    assert "nested" in parsed.problems[0].message or "nesting" in parsed.problems[0].message
    assert parsed.problems[0].line >= 2


def test_deep_front_matter_with_the_pure_python_yaml_loader(monkeypatch):
    monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
    parsed = parse("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n", "members/deep.md")
    assert parsed.data is None and "nested" in parsed.problems[0].message


def test_control_characters_in_front_matter_are_refused_on_their_line():
    parsed = parse('---\nname: A\nunit: "x\\0body\\0y"\nlocation: "\\x01\\x1b[31m"\n---\n', "members/a.md")
    assert [(p.line, p.severity) for p in parsed.problems] == [(3, Severity.ERROR), (4, Severity.ERROR)]
    assert "control character" in parsed.problems[0].message
    assert parsed.data == {"name": "A", "unit": "xbodyy", "location": "[31m"}
    assert parse('---\nname: "tab\\there"\n---\n', "members/a.md").problems == []


# -- ordinary pages are read by the same loader -------------------------------------------------------------


def test_ordinary_pages_are_read_with_the_same_budgets(commons_dir):
    write_commons(
        commons_dir,
        {
            "index.md": BOMB + "# Home\n",
            "about.md": "---\ntitle: About\nextra: {free: form}\n---\nWho we are.\n",
            "communities/index.md": "---\ntitle: [unclosed\n---\n",
            "plain.md": "No front matter at all.\n",
        },
    )
    result = build_commons(commons_dir)
    found = {p.path: p for p in result.problems}
    assert "expands to more than" in found["index.md"].message and found["index.md"].line == 2
    assert "not valid YAML" in found["communities/index.md"].message
    assert set(result.rejected) == {"index.md", "communities/index.md"}
    assert result.pages["about.md"].data == {"title": "About", "extra": {"free": "form"}}
    assert result.pages["about.md"].body == "Who we are.\n"
    assert (result.pages["plain.md"].data, result.pages["plain.md"].body) == ({}, "No front matter at all.\n")


def test_non_utf8_ordinary_page_is_an_error_on_that_file(commons_dir):
    (commons_dir / "about.md").write_bytes("# À propos\n\nÉquipe\n".encode("latin-1"))
    result = build_commons(commons_dir)
    assert [(p.path, p.line, p.severity) for p in result.problems] == [("about.md", 1, Severity.ERROR)]
    assert "not UTF-8" in result.problems[0].message
    assert result.rejected == {"about.md"}


# -- bodies Python-Markdown could not convert ---------------------------------------------------------------

HOSTILE_BODIES = {
    "nested-list": lambda n: "".join("  " * i + "- item\n" for i in range(n)),
    "nested-list-4": lambda n: "".join("    " * i + "1. item\n" for i in range(n)),
    "one-line-list": lambda n: "- " * n + "x\n",
    "blockquotes": lambda n: "".join("> " * (i + 1) + "x\n" for i in range(n)),
    "admonitions": lambda n: "".join("    " * i + "!!! note\n" for i in range(n)) + "    " * n + "x\n",
    "html-blocks": lambda n: '<div markdown="1">\n' * n + "x\n" + "</div>\n" * n,
    "brackets": lambda n: "[" * n + "\n",
    "crossed-brackets": lambda n: "[[]" * n + "\n",
    "reference-links": lambda n: "[a][" * n + "\n",
    "unclosed-tags": lambda n: "x <a b\n\n" * n,
    "autolinks": lambda n: "<http://a " * n + "\n",
    "cdata": lambda n: "x <![CDATA[ >\n" * n,
}


def markdown_seconds(body: str) -> float:
    """Seconds Python-Markdown takes on ``body`` with the demo's extensions and those of GitHub-like Markdown."""
    import markdown

    configured = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["markdown_extensions"]
    options = {"pymdownx.superfences": {}, "pymdownx.tasklist": {}, "pymdownx.tilde": {}}
    for entry in configured:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        options[name] = config or {}
    md = markdown.Markdown(extensions=list(options), extension_configs=options)
    started = time.perf_counter()
    md.convert(body)
    return time.perf_counter() - started


def refused(kind: str, size: int) -> bool:
    return bool(parse("---\nname: A\n---\n" + HOSTILE_BODIES[kind](size), "members/a.md").problems)


@pytest.mark.parametrize("kind", HOSTILE_BODIES)
def test_bodies_markdown_cannot_convert_are_reported_and_not_kept(kind):
    parsed = parse("---\nname: A\n---\n" + HOSTILE_BODIES[kind](3000), "members/a.md")
    assert [p.severity for p in parsed.problems] == [Severity.ERROR]
    assert parsed.problems[0].line >= 4
    assert parsed.body == ""  # never handed to Markdown


@pytest.mark.parametrize("kind", HOSTILE_BODIES)
def test_the_largest_body_that_passes_the_check_converts_without_hanging(kind):
    # A guard against the minutes a refused body would take, not a speed target (those live in benchmarks/).
    low, high = 1, 3000  # passes, refused
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if refused(kind, middle) else (middle, high)
    assert markdown_seconds(HOSTILE_BODIES[kind](low)) < 10.0


def test_ordinary_page_bodies_are_checked_too(commons_dir):
    write_commons(commons_dir, {"about.md": "# About\n\n" + HOSTILE_BODIES["nested-list"](300)})
    result = build_commons(commons_dir)
    assert [(p.path, p.line) for p in result.problems] == [("about.md", 3 + 40)]  # the 41st level
    assert result.pages["about.md"].body == ""


def test_theme_keys_of_the_wrong_shape_are_reported_and_left_out(commons_dir):
    from practice_commons import build_commons

    (commons_dir / "about.md").write_text("---\ntitle: About\nsearch: yes please\nhide: toc\n---\n# About\n")
    result = build_commons(commons_dir)
    found = [(p.line, p.message) for p in result.problems if p.path == "about.md"]
    assert found == [(3, "'search' should be a mapping: the site leaves it out"),
                     (4, "'hide' should be a list: the site leaves it out")]  # fmt: skip
    assert result.pages["about.md"].data == {"title": "About"}


@pytest.mark.parametrize("value", ["!!timestamp not-a-date", "!!bool maybe", "!!int twelve", "!!float x"])
def test_a_tag_its_text_does_not_fit_is_read_as_text(value):
    parsed = parse(f"---\nname: Ana\nx: {value}\n---\n", "members/ana.md")
    assert parsed.data == {"name": "Ana", "x": value.split(" ", 1)[1]}


def test_survey_lists_pages_sorted_and_refuses_links_pipes_and_hidden_files_without_reading_them(tmp_path):
    import os

    from practice_commons.load import survey

    root = tmp_path / "content"
    for rel in ("z.md", "a/z.md", "a/b/x.md", "a/old.markdown", ".hidden/x.md", "a/.draft.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x\n", encoding="utf-8")
    (root / "elsewhere").symlink_to(tmp_path)  # a linked folder: refused, never entered
    (root / "a" / "copy.md").symlink_to(root / "z.md")
    os.mkfifo(root / "a" / "pipe.md")  # reading it would block for ever
    pages, refused = survey(root)
    assert pages == ["a/b/x.md", "a/z.md", "z.md"]
    found = {p.path: p.message for p in refused}
    assert set(found) == {"a/copy.md", "a/old.markdown", "a/pipe.md", "elsewhere"}
    assert "not a regular file" in found["a/pipe.md"] and "outside the content directory" in found["elsewhere"]
    assert "link" in found["a/copy.md"] and [p.path for p in refused] == sorted(found)


# -- the fast reader: the common subset of YAML without libyaml's nodes, the same answers --------------------


def _composed(text: str, monkeypatch: pytest.MonkeyPatch) -> load.Parsed:
    """``text`` parsed as it was before the fast reader: every front matter composed by libyaml."""
    with monkeypatch.context() as patch:
        patch.setattr(load, "_fast", lambda raw, offset: None)
        return parse(text, "members/a.md")


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, composed = parse(text, "members/a.md"), _composed(text, monkeypatch)
    assert repr(fast.data) == repr(composed.data)  # repr: True is not 1, a date is not its text
    assert (fast.lines, fast.problems, fast.body, fast.body_line) == (
        composed.lines, composed.problems, composed.body, composed.body_line,
    )  # fmt: skip


def test_the_fast_reader_reads_every_demo_file_as_libyaml_does(monkeypatch):
    fast = 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _same(text, monkeypatch)
        raw = text.split("---", 2)[1] if text.startswith("---") else ""
        fast += raw != "" and load._fast(raw, 0) is not None
    assert fast > 100  # the demo's front matter is what the fast reader is for, block scalars included


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: x # a comment",  # the comment is not part of the value
        "title: Fix issue #12\nsummary: C#",
        "a: yes\nb: on\nc: ~\nd: 1:20\ne: 0x1F\nf: .inf\ng: 2024-13-01\nh: 2024-01-01 14:00\ni: 1_000",
        "yes: x\nnull: y\n1: z",  # keys that are not text
        "a: [x:y, member:ana, x: y]",
        "a: [a :b, c]\nb: {k: a :b, l:  m }\nc: { k :v}\nd: {k: v,l: w}\ne: [ a ,b ]",
        "a: {k: x:y}\nb: {k: v, k: w}\nc: [a, , b]\nd: [a, b,]\ne: {k: }\nf: {k:v}\ng: [a, [b, {c: d}]]",
        "a: 'it''s'\nb: \"q\\tq\"\nc: \"plain\"\nd: 'x\ne: [ 'a' , \"b\" ]",
        "a: &x v\nb: *x\nc: !!str 1\nd: <<\ne: =",
        "a: |\n  one\n   two\nb: >-\n  one\n  two\nc: |+\n  kept\n\nd: >\n  one\n\n  two\n",
        "a: |\n  text\n   \nb: x",  # a row of spaces after a block scalar belongs to it
        "b: x\na: >-\n text\n  \n  ",  # so do rows of spaces at the end
        "a: |\n # x\n text\n\n# c\nb: x",
        "a: text\n  more text\nb: x",  # a plain scalar over two rows
        "a:\n- x\n-  y\n- k: v\n  l: w\n-\n  - z",
        "a:\n  b:\n    c: [d]\n  e: f\nlist:\n  - {k: v}\n  - [x]",
        "a: x\n  b: y",  # an error: the composer words it
        "a:\tx\nb: \xa0x\nc: x\u2028y\nd: x\x85y",
        "\na: 1\n# comment\n  # indented comment\nb: 2\n...",
        " a: 1\n b: 2",
        "- a\n- b",
        "a: b: c",
        "a: x\na: y\nb: {c: 1, c: 2}",
    ],
)
def test_the_fast_reader_leaves_what_it_does_not_know_to_the_composer(front_matter, monkeypatch):
    _same(f"---\n{front_matter}\n---\nbody\n", monkeypatch)
    _same(f"---\n{front_matter}---\nbody\n", monkeypatch)


_KEYS = ("title", "a", "x_y", "a-b", "yes", "null", "1", "é", "a b")
_VALUES = (
    "x", "a b", "1", "1.5", "2024-01-01", "2024-13-01", "~", "null", "on", "'q''s'", '"dq"', '"d\\n"', "[a, b]",
    "[a,b ]", "[]", "{a: 1, b: [x, y]}", "{a: }", "{a:1}", "[a:b, c: d]", "x: y", "a #c", "a#b", "&a x", "*a",
    "!!str 1", "<<", "'open", "\xa0x", "-x", ":x", "x:", "1:20", "a,b", "[a, ]", "[a, b", "[ 'x' , \"y\" ]", "a  b  ",
    "x\\0", "q'q", "[@a]", "member:ana", "[x:,y]", "http://x.org", "[http://x]", "0o17", "+1", "- x", "'", "?", "`x",
    "[{a: 1}, {b: 2}]", "True", "|", "|-", ">", ">-", "|+",
)  # fmt: skip
_ROWS = ("", "# c", "  # c", "   ", "-", "...", "  more text", "  - c", "  a: b", "\t- x")


@st.composite
def _front_matter(draw: st.DrawFn, indent: int = 0, depth: int = 0, first: str | None = None) -> list[str]:
    rows = []
    for k in range(draw(st.integers(1, 4))):
        lead = first if k == 0 and first is not None else " " * indent
        key, choice = draw(st.sampled_from(_KEYS)), draw(st.integers(0, 9))
        if choice < 2 and depth < 3:
            rows.append(f"{lead}{key}:")
            rows += draw(_front_matter(indent + draw(st.sampled_from((1, 2, 4))), depth + 1))
        elif choice < 4 and depth < 3:
            rows.append(f"{lead}{key}:")
            at = indent + draw(st.sampled_from((0, 2)))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    rows += draw(_front_matter(at + 2, depth + 1, first=" " * at + "- "))
                else:
                    rows.append(" " * at + "- " + draw(st.sampled_from(_VALUES)))
        elif choice < 5:
            rows.append(draw(st.sampled_from(_ROWS)))
        else:
            rows.append(f"{lead}{key}: {draw(st.sampled_from(_VALUES))}")
    return rows


@settings(max_examples=300)
@given(_front_matter(), st.booleans())
def test_the_fast_reader_answers_as_libyaml_on_any_mix_of_what_it_reads_and_what_it_does_not(rows, newline):
    text = "---\n" + "\n".join(rows) + ("\n" if newline else "") + "---\nbody\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(text, monkeypatch)


def test_files_saved_with_windows_line_ends_are_read_fast_and_the_same(monkeypatch):
    for path in sorted((ROOT / "content" / "members").glob("*.md"))[:20]:
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        _same(text, monkeypatch)
        assert load._fast(text.split("---", 2)[1], 0) is not None
    _same("---\r\ntitle: a\rb\r\n---\r\n", monkeypatch)  # a lone '\r' breaks a line too: the composer's rules


def test_many_block_scalars_do_not_make_the_fast_reader_quadratic():
    # Each block scalar asked whether a row of spaces follows it: a scan of every later row, 9 s for these 6,000
    # (minutes for a 512 KiB front matter). A hang guard with a wide margin: it takes a twentieth of a second.
    front_matter = "".join(f"k{i}: |\n  x\n\n" for i in range(6000))
    started = time.process_time()
    parsed = parse(f"---\n{front_matter}---\n", "members/a.md")
    assert time.process_time() - started < 5
    assert len(parsed.data) == 6000 and parsed.data["k5999"] == "x\n"


def test_plain_text_starting_with_any_character_reads_as_libyaml_reads_it(monkeypatch):
    # The fast reader takes text whose first character starts no implicit resolver (no bool, number, date...)
    # as text without asking the resolver: each first character, alone and before a word, as libyaml reads it.
    starts = [chr(c) for c in range(0x21, 0x7F)] + ["é", "\xa0", "ÿ", "Ω", "中", "😀"]
    for value in [f"{c}{tail}" for c in starts for tail in ("", "es", "rue", "ull", "1", ".5", "x y")]:
        _same(f"---\nk: {value}\nl: [{value}]\n---\nbody\n", monkeypatch)  # one file each: a row the fast
        _same(f"---\nk: {value}\n---\nbody\n", monkeypatch)  # reader does not read sends the whole file to libyaml


def test_a_folder_read_as_a_file_is_named_in_the_error(tmp_path):
    # Files are read with os.read (see load._read_bytes): a folder opens, then fails on read, where no name is known.
    with pytest.raises(IsADirectoryError) as caught:
        load.read_text(tmp_path, "x.md")
    assert caught.value.filename == str(tmp_path)


@pytest.mark.parametrize(
    "body",
    [
        "- " * 41 + "x\n",  # on the first line of the body
        "text\n\n" + "  " * 41 + "- x\n",
        "\n" + "> " * 41 + "x",
        "a\r\n" + "1. " * 41 + "x\r\n",
        "- a\n" + "".join("  " * i + "- x\n" for i in range(45)),  # deep only on its last lines
        "* " * 20 + "x\n" + "\t" * 21 + "x\n" + "- " * 41,  # candidates that are not deep, then one at the end
    ],
)
def test_a_body_nesting_too_deep_is_found_on_any_line(body):
    every_line = re.compile(rf"^[ \t>*+\-0-9.)]{{{load.MAX_BODY_DEPTH // 2 + 1},}}", re.MULTILINE)
    deep = [m.start() for m in every_line.finditer(body) if load._body_depth(body[m.start() :]) == 0]
    assert deep and load._body_depth(body) == deep[0]


def test_files_read_on_two_cores_come_back_whole_and_in_order(monkeypatch):
    serial = load.load_commons(ROOT / "content")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    forked = load.load_commons(ROOT / "content")
    assert [r.path for r in forked.records] == [r.path for r in serial.records]
    assert forked == serial  # every field of every record, the pages, problems and files left out


#: Pieces of text around front matter: boundaries and near misses, line ends and the spaces '\s' reads.
_AROUND = ["---", "----", "--- ", "---\t", "-- ", "-", "\n", "\r\n", "\n\n", " ", "a: b", "x"]
_AROUND += ["\x0b", "\x1c", "\x85", "\u2028"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_AROUND), max_size=16))
def test_front_matter_is_split_where_python_frontmatter_splits_it(pieces):
    import frontmatter

    text = "".join(pieces)
    handler = frontmatter.YAMLHandler()
    opening = load._BOUNDARY.match(text)
    assert (opening is not None) == handler.detect(text)
    if opening is not None:
        try:
            expected = handler.split(text)
        except ValueError:  # never closed
            expected = None
        assert load._split(text, opening.end()) == expected
