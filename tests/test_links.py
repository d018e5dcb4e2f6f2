"""Links in the contributors' text: validate reports, on its line, every link the strict build fails on."""

from __future__ import annotations

import logging
import time
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from practice_commons import Severity, build_commons
from practice_commons.cli import main
from practice_commons.links import ANCHOR_EXTENSIONS, _plain_heading_ids, anchors_in, find_links, link_entities
from practice_commons.render import build_site_plan
from practice_commons.render.paths import generated_pages

from .conftest import write_commons

GUIDE = "practice/fieldwork/listing-guide.md"
GUIDE_HEAD = """---
title: Listing households without a register
type: method
authors: [ana]
topics: [Sampling]
answers: [sampling]
---
"""  # the body starts on line 8
CONFIG = """\
site_name: Test commons
docs_dir: content
theme: {name: material}
plugins: [search, commons]
validation: {absolute_links: warn, unrecognized_links: warn, anchors: warn}
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
"""


def links_of(body: str) -> list[tuple[str, str, int]]:
    return [(link.kind, link.url, link.line) for link in find_links(body)]


# -- finding links ---------------------------------------------------------------------


def test_every_kind_of_link_is_found_on_its_line():
    body = (
        'Read [the guide](guide.md "Guide") and see ![a map](img/map.png).\n'
        "[![badge](badge.svg)](other.md#part)\n"
        "\n"
        "[ref]: defs/target.md 'Title'\n"
        "<https://example.org/x> and <a href=\"raw.md\">raw</a> <img src='p.png'>\n"
        "[angle](<my file.md>) [parens](a_(b).md) [escaped](my\\_file.md) [entity](member:ana)\n"
    )
    assert links_of(body) == [
        ("link", "guide.md", 1),
        ("image", "img/map.png", 1),
        ("image", "badge.svg", 2),
        ("link", "other.md#part", 2),
        ("definition", "defs/target.md", 4),
        ("autolink", "https://example.org/x", 5),
        ("html", "raw.md", 5),
        ("html", "p.png", 5),
        ("link", "my file.md", 6),
        ("link", "a_(b).md", 6),
        ("link", "my_file.md", 6),
        ("link", "member:ana", 6),
    ]


def test_lines_count_from_the_body_s_first_line_in_its_file():
    assert [link.line for link in find_links("text\n\n[a](b.md)\n", body_line=8)] == [10]


def test_links_in_code_and_comments_are_not_links():
    body = (
        "`[span](no1.md)` and ``[double `tick`](no2.md)`` and \\[escaped](no3.md)\n"
        "```\n[fenced](no4.md)\n```\n"
        "~~~~python\n[tilde](no5.md)\n~~~~\n"
        "- a list item\n\n  ```\n  [fence in a list](no6.md)\n  ```\n"
        "\nA paragraph.\n\n    [indented code](no7.md)\n\n"
        "<!-- [comment](no8.md)\n[still a comment](no9.md) -->\n"
        "[after all that](yes.md)\n"
    )
    assert links_of(body) == [("link", "yes.md", 20)]


def test_indented_text_in_lists_and_admonitions_is_not_mistaken_for_code():
    body = (
        "- item\n\n    [list continuation](one.md)\n\n"
        '!!! note "Note"\n\n    [in an admonition](two.md)\n\n'
        "```\nan unclosed fence is text\n\n[after it](three.md)\n"
    )
    assert [url for _, url, _ in links_of(body)] == ["one.md", "two.md", "three.md"]


PATHOLOGICAL = {
    "brackets": "[" * 20_000 + "](" * 20_000,
    "parentheses": "[a](()" * 20_000,
    "one closing parenthesis": "[a](" * 20_000 + ")",
    "fences": "\n".join("`" * n for n in range(800, 3, -1)) + "[a](b)",
    "backtick runs": " ".join("`" * (i % 50 + 1) for i in range(20_000)) + "[a](b)",
    "list markers before a definition": "-  " * 40 + "[x]: y z w",
    "spaces after a fence": "```" + " " * 200_000 + "!\n[a](b)",
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_is_read_in_bounded_time(body):
    started = time.perf_counter()
    find_links(body)
    assert time.perf_counter() - started < 3


def test_text_too_tangled_to_read_is_a_warning_not_a_hang(commons_dir):
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + "[a](()" * 20_000 + "\n"})
    (problem,) = [p for p in build_commons(commons_dir).problems if p.path == GUIDE]
    assert (problem.line, problem.severity) == (8, Severity.WARNING)
    assert "not checked" in problem.message


class _Urls(Treeprocessor):
    """Every href and src on the tree, as MkDocs' link checker sees them."""

    urls: tuple[str, ...] = ()

    def run(self, root):
        self.urls = [el.get("href") if el.tag == "a" else el.get("src") for el in root.iter() if el.tag in ("a", "img")]


class _Collect(Extension):
    def extendMarkdown(self, md):
        self.processor = _Urls(md)
        md.treeprocessors.register(self.processor, "collect", 0)


FRAGMENTS = st.sampled_from(
    [
        "[a](x.md)", "![i](y.png)", "[b](<s p.md>)", "[c](d.md 'title')", "[e][r]", "[r]: ref.md", "`", "``",
        "[", "]", "(", ")", "!", "\\", "<", ">", "\n", "\n\n", "    ", "- ", "# ", "```", "~~~", "!!! note\n",
        "<a href='h.md'>", "<!--", "-->", "*", "_", "[n [m](in.md) o](out.md)", "text", " ", "|", "<div>", "</div>",
        "> ", "1. ", "| a |\n|---|\n", "[r]: <ref2.md>", "\t", "===\n", "---\n", "{: #id }", "\\`",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_every_link_python_markdown_makes_is_found(body):
    """What the strict build checks is a subset of what validate checks: the scanner misses no link."""
    collect = _Collect()
    markdown.markdown(body, extensions=[*ANCHOR_EXTENSIONS, collect])
    found = {" ".join(link.url.split()) for link in find_links(body)}  # tabs: Python-Markdown expands them
    # A code span inside a destination garbles it: left aside, as it is broken either way.
    made = [" ".join(url.split()) for url in collect.processor.urls if url and "`" not in url and url[0] != "\x02"]
    assert not [url for url in made if url not in found]


class _Ids(HTMLParser):
    """The ids MkDocs' anchor check sees in converted HTML."""

    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        self.found |= {v for k, v in attrs if v is not None and (k == "id" or (k == "name" and tag == "a"))}


HEADING_FRAGMENTS = st.sampled_from(
    [
        "# ", "## ", "#", "Title", "Café à l'heure", "C#", " ", "\n", "\n\n", "- ", "1. ", "> ", "    ", "`", "*",
        "[a](b.md)", "<a id='x'>", "{ #id }", "| a |\n|---|\n", "===", "---", "!!! note", "```\n", "text", "_",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(HEADING_FRAGMENTS, max_size=30).map("".join))
def test_a_page_s_anchors_are_those_python_markdown_gives(body):
    """Plain pages skip the conversion; their heading ids must be the same."""
    ids = _Ids()
    ids.feed(markdown.markdown(body, extensions=list(ANCHOR_EXTENSIONS)))
    converted = ids.found
    assert anchors_in(body) <= converted  # what validate accepts, the build accepts
    plain = _plain_heading_ids(body)
    assert plain is None or plain == converted


# -- validation on a commons ------------------------------------------------------------

BROKEN_LINES = {
    8: ("[gone](nowhere.md)", "link 'nowhere.md' points to practice/fieldwork/nowhere.md, which does not exist"),
    9: ("![map](img/none.png)", "image 'img/none.png' points to practice/fieldwork/img/none.png"),
    10: ("[report](files/report.pdf)", "link 'files/report.pdf' points to practice/fieldwork/files/report.pdf"),
    11: ("[folder](../../members/ana/)", "link '../../members/ana/' does not name a file"),
    12: ("[absolute](/members/ana/)", "link '/members/ana/' starts with '/'"),
    13: ("[anchor](listing-checklist.md#nope)", "practice/fieldwork/listing-checklist.md has no heading"),
    14: ("[here](#nope)", "this page has no heading with the anchor '#nope'"),
    15: ("[generated](../../experts/index.md#nope)", "experts/index.md has no heading"),
    16: ("[who](member:anna)", "link to unknown member 'anna'"),
    17: ("[where](member:ana#nope)", "members/ana.md has no heading with the anchor '#nope'"),
    18: ("[raw]: ../gone.md", "link '../gone.md' points to practice/gone.md"),
}


def test_validate_reports_each_broken_link_on_its_line(commons_dir):
    body = "\n".join(text for text, _ in BROKEN_LINES.values())
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + body + "\n"})
    found = [p for p in build_commons(commons_dir).problems if p.path == GUIDE]
    assert [(p.line, expected in p.message) for p, (_, expected) in zip(found, BROKEN_LINES.values(), strict=True)] == [
        (line, True) for line in BROKEN_LINES
    ]
    assert len(found) == len(BROKEN_LINES)
    hints = {p.line: p.hint for p in found}
    assert hints[11] == "link to the page's Markdown file: '../../members/ana.md'"
    assert hints[12] == "write it relative to this file: '../../members/ana.md'"
    assert hints[16] == "did you mean 'ana'?"
    assert {p.severity for p in found} == {Severity.WARNING, Severity.ERROR}
    assert [p.line for p in found if p.severity is Severity.ERROR] == [16]


def test_links_in_ordinary_pages_are_checked_too(commons_dir):
    write_commons(commons_dir, {"guides/about.md": "# About\n\nSee [the team](../member/ana.md).\n"})
    (problem,) = build_commons(commons_dir).problems
    assert (problem.path, problem.line, problem.severity) == ("guides/about.md", 3, Severity.WARNING)


def test_an_entity_page_s_own_heading_is_its_title_not_an_anchor(commons_dir):
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + "# Listing\n\n[top](#listing)\n"})
    (problem,) = [p for p in build_commons(commons_dir).problems if p.path == GUIDE]
    assert problem.line == 10 and "'#listing'" in problem.message


def test_a_link_to_a_broken_entity_is_reported_in_that_entity_s_file_only(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/dan.md": "---\nname: Dan\nlevel: expert\n---\n",
            GUIDE: GUIDE_HEAD + "[Dan](member:dan)\n",
        },
    )
    assert {p.path for p in build_commons(commons_dir).problems} == {"members/dan.md"}


def test_cited_artefact_lists_the_citing_entities_under_referenced_by(commons_dir):
    write_commons(
        commons_dir,
        {
            GUIDE: GUIDE_HEAD + "Then fill in the [checklist](artefact:listing-checklist).\n",
            "glossary/enumerator.md": "---\nterm: Enumerator\n---\nUses the [checklist](artefact:listing-checklist).\n",
            "about.md": "[checklist](artefact:listing-checklist)\n",
        },
    )
    commons = build_commons(commons_dir).commons
    cited = [(relation, x.id) for relation, x in commons.artefacts["listing-checklist"].referenced_by]
    assert ("cited_in", "listing-guide") in cited and ("cited_in", "enumerator") in cited
    plan = build_site_plan(commons, language="fr")
    assert "cité dans" in plan.pages["practice/fieldwork/listing-checklist.md"].after


def test_entity_links_point_at_the_target_s_file_outside_code(commons_dir):
    write_commons(
        commons_dir,
        {GUIDE: GUIDE_HEAD + "Ask [Ana](member:ana#expertise) or [the clinic][c].\n\n`[x](member:ana)`\n\n"
                             "[c]: event:2026-03-01-clinic\n"},
    )  # fmt: skip
    plan = build_site_plan(build_commons(commons_dir).commons)
    assert plan.pages[GUIDE].body == (
        "Ask [Ana](../../members/ana.md#expertise) or [the clinic][c].\n\n`[x](member:ana)`\n\n"
        "[c]: ../../events/2026-03-01-clinic.md"
    )


def test_an_entity_link_s_kind_is_read_in_any_case_and_other_colons_are_left(commons_dir):
    commons = build_commons(commons_dir).commons
    assert link_entities("Ask [Ana](Member:ana) or [the clinic](EVENT:2026-03-01-clinic).", GUIDE, commons) == (
        "Ask [Ana](../../members/ana.md) or [the clinic](../../events/2026-03-01-clinic.md)."
    )
    untouched = "Note: see [the guide](https://example.org/a:b) and [x](membership:ana)."
    assert link_entities(untouched, GUIDE, commons) is untouched


def test_generated_pages_are_the_planned_ones(commons_dir):
    commons = build_commons(commons_dir).commons
    entities = {e.path for kind in ("communities", "members", "artefacts", "events", "stories", "terms")
                for e in getattr(commons, kind).values()}  # fmt: skip
    assert generated_pages(commons) == set(build_site_plan(commons).pages) - entities


def test_generate_points_entity_links_in_the_site_s_own_pages(commons_dir, tmp_path):
    write_commons(commons_dir, {"about.md": "---\ntitle: 'See [x](member:ana)'\n---\nAsk [Ana](member:ana).\n"})
    out = tmp_path / "generated"
    assert main(["generate", "--out", str(out), str(commons_dir)]) == 0
    assert (out / "about.md").read_text() == '---\n"title": "See [x](member:ana)"\n---\n\nAsk [Ana](members/ana.md).\n'


# -- validate and the strict build agree ------------------------------------------------


def strict_build(root, caplog) -> tuple[bool, list[str]]:
    """Build the site in ``root`` strictly, in this process; return whether it passed and MkDocs' own warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    (root / "mkdocs.yml").write_text(CONFIG)
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        try:
            build(config)
            passed = True
        except Abort:
            passed = False
    native = [r.getMessage() for r in caplog.records if not r.name.startswith("mkdocs.plugins.commons")]
    return passed, [m for m in native if m.startswith("Doc file")]


BROKEN = {
    "missing page": "[gone](nowhere.md)",
    "missing image": "![map](img/none.png)",
    "missing file": "[report](files/report.pdf)",
    "folder": "[folder](../../members/ana/)",
    "absolute path": "[absolute](/members/ana.md)",
    "anchor on another page": "[anchor](listing-checklist.md#nope)",
    "anchor on this page": "[here](#nope)",
    "anchor on a generated page": "[generated](../../experts/index.md#nope)",
    "the page's own title": "# Listing\n\n[top](#listing)",
    "indented text under the title": "# Listing\n\n    [gone](nowhere.md)",  # the page starts after the title
    "reference definition": "[gone][r]\n\n[r]: nowhere.md",
    "angle brackets": "[spaced](<no such.md>)",
    "unknown entity": "[who](member:anna)",
    "anchor on an entity": "[where](member:ana#nope)",
}
VALID = """\
## Walk the area

## Café à l'heure

## Steps { #steps }

[a page](listing-checklist.md), [its generated heading](listing-checklist.md#lineage),
[a heading here](#walk-the-area), [accents](#cafe-a-lheure), [attr_list id](#steps),
[home](../../index.md), [experts](../../experts/index.md), [a topic](../../experts/topics/sampling.md),
[a type](../types/method.md), [the community's practice](../index.md), [people](../../members/index.md),
[Ana](member:ana), [her expertise](member:ana#expertise), [the community](community:fieldwork#key-questions),
[the clinic](event:2026-03-01-clinic), [a story](story:faster-listing), [a term](term:enumerator),
[the checklist](artefact:listing-checklist), [the web](https://example.org/a/b), [mail](mailto:ana@example.org),
<https://example.org>, ![a map](map.png), [a reference][ref], `[in code](nowhere.md)`

```
[in a fence](nowhere.md)
```

[ref]: listing-checklist.md#related
"""


@pytest.mark.parametrize("body", BROKEN.values(), ids=BROKEN.keys())
def test_broken_links_fail_validate_strict_and_the_strict_build(commons_dir, caplog, capsys, body):
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + body + "\n"})
    assert main(["validate", "--strict", str(commons_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{GUIDE}:{8 + body.count(chr(10))}: " in out
    passed, native = strict_build(commons_dir.parent, caplog)
    assert not passed
    if ":" not in body.split("](")[-1]:  # MkDocs itself warns on every broken path; entity links are the plugin's
        assert native, "MkDocs gave no warning of its own"


def test_valid_links_pass_validate_strict_and_the_strict_build(commons_dir, caplog, capsys):
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + VALID, "about.md": "[Ana](member:ana#contact), [home](index.md)\n"})
    (commons_dir / "practice/fieldwork/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["validate", "--strict", str(commons_dir)]) == 0, capsys.readouterr().out
    passed, native = strict_build(commons_dir.parent, caplog)
    assert passed, native
    html = (commons_dir.parent / "site/practice/fieldwork/listing-guide/index.html").read_text()
    assert 'href="../../../members/ana/#expertise"' in html
    about = (commons_dir.parent / "site/about/index.html").read_text()
    assert 'href="../members/ana/#contact"' in about


def test_an_image_or_embed_from_another_site_gets_a_notice_saying_what_readers_see(commons_dir):
    body = '![map](https://tiles.example/map.png)\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
    write_commons(commons_dir, {GUIDE: GUIDE_HEAD + body})
    found = [p for p in build_commons(commons_dir).problems if p.path == GUIDE]
    assert [(p.severity, p.message.split(":")[0]) for p in found] == [
        (Severity.NOTICE, "readers will see a link to tiles.example instead of this image"),
        (Severity.NOTICE, "readers will see a link to www.youtube.com instead of this embedded content"),
    ]
    allowed = build_commons(commons_dir, external_hosts=("youtube.com", "tiles.example")).problems
    assert [p for p in allowed if p.path == GUIDE] == []
