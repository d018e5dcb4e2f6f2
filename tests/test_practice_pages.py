"""Practice pages worth reading: the header card, cover and resources, sections, one related list,
glossary terms explained where they appear, and glossary and topic pages linked to each other."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import zlib

import pytest

from practice_commons import build_commons
from practice_commons.render import build_site_plan
from practice_commons.render.glossary import Glossary
from practice_commons.render.sanitise import Sanitiser
from practice_commons.render.sections import conventional, mark_sections

from .conftest import ROOT, write_commons

TODAY = dt.date(2026, 11, 26)
ARTEFACT = "practice/fieldwork/listing-guide.md"


def _png() -> bytes:
    """A 1×1 PNG, made here so the test needs no file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")


def _artefact(extra: str, body: str = "Walk the area, list every dwelling.") -> str:
    return (
        "---\ntitle: Listing households without a register\ntype: method\nauthors: [ana]\nreviewers: [ben]\n"
        f"topics: [Sampling]\ncreated: 2025-01-10\n{extra}---\n{body}\n"
    )


def _problems(result, path=ARTEFACT):
    return [(p.line, p.message, p.hint) for p in result.problems if p.path == path]


def _plan(root, **options):
    result = build_commons(root, today=TODAY, **options)
    return result, build_site_plan(result.commons, today=TODAY, pages=result.pages)


# -- the header card --------------------------------------------------------------------


def test_header_card_shows_type_community_status_dates_and_authors_with_job_and_unit(commons_dir):
    write_commons(commons_dir, {
        "members/ana.md": "---\nname: Ana Silva\njob_title: Survey Lead\nunit: Field Operations\n"
                          "memberships: [{community: fieldwork, role: coordinator}]\n---\n",
        ARTEFACT: _artefact("updated: 2026-02-01\nreview_by: 2026-10-01\ncommunities: [data]\ntags: [listing]\n"),
    })  # fmt: skip
    _, plan = _plan(commons_dir)
    before = plan.pages[ARTEFACT].before
    card = before[before.index('class="commons-artefact-card') :]
    assert '<dt>Type</dt><dd><a href="../../../practice/types/method/">Method</a></dd>' in card
    community = 'fieldwork/">Field Methods</a> · Also in: <a href="../../../communities/data/">'
    assert community in card
    assert 'commons-artefact-status-active">Active</span>' in card
    for fact in ("10 January 2025", "1 February 2026", "1 October 2026", ">Sampling</a>", "listing"):
        assert fact in card
    ana = card[card.index('<li class="commons-person">') :]
    assert '<a href="../../../members/ana/">Ana Silva</a>' in ana and "Survey Lead · " in ana
    assert 'href="../../../experts/units/#unit-field-operations">Field Operations</a>' in ana
    assert "Reviewers" in card and "Ben Okafor</a>" in card
    # Overdue: a notice shown above the card; the About table is gone.
    assert "was due for review on 1 October 2026" in before and "hidden" not in before.split("Review by")[0][-80:]
    assert 'id="about"' not in plan.pages[ARTEFACT].markdown


def test_header_card_keeps_private_job_and_unit_off_the_page(commons_dir):
    write_commons(commons_dir, {
        "members/ana.md": "---\nname: Ana Silva\njob_title: Secret Title\nunit: Secret Unit\n"
                          "private: [job_title, unit]\nmemberships: [{community: fieldwork, role: coordinator}]\n---\n",
    })  # fmt: skip
    _, plan = _plan(commons_dir)
    page = plan.pages[ARTEFACT].markdown
    assert "Ana Silva</a>" in page and "Secret" not in page


# -- cover ------------------------------------------------------------------------------


def test_a_cover_next_to_the_file_is_shown_with_its_alt_text(commons_dir):
    (commons_dir / "practice/fieldwork/cover.png").write_bytes(_png())
    write_commons(commons_dir, {ARTEFACT: _artefact('cover: cover.png\ncover_alt: "Houses <on> a hill"\n')})
    result, plan = _plan(commons_dir)
    assert _problems(result) == []
    before = plan.pages[ARTEFACT].before
    assert '<img src="../../../practice/fieldwork/cover.png" alt="Houses &lt;on&gt; a hill">' in before


@pytest.mark.parametrize(
    ("cover", "message", "hint"),
    [
        ("cuver.png", "cover 'cuver.png' points to practice/fieldwork/cuver.png, which does not exist",
         "did you mean 'cover.png'?"),
        ("notes.txt", "cover 'notes.txt' is not an image the site shows", "use an image file"),
        ("fake.png", "cover 'fake.png' is not a PNG image", "export"),
        ("../../../../etc/cover.png", "is outside the content folder", "copy the image"),
        ("/practice/fieldwork/cover.png", "starts with '/'", "relative to this file"),
        ("https://images.example.org/x.png", "is not on this site", "add images.example.org to external_hosts"),
        ("javascript:alert(1)", "is not a link the site can publish", ""),
    ],
)  # fmt: skip
def test_a_cover_that_is_not_a_local_image_names_the_file_and_line(commons_dir, cover, message, hint):
    folder = commons_dir / "practice/fieldwork"
    (folder / "cover.png").write_bytes(_png())
    (folder / "notes.txt").write_text("not a picture")
    (folder / "fake.png").write_text("<svg onload=alert(1)>")
    write_commons(commons_dir, {ARTEFACT: _artefact(f'cover: "{cover}"\ncover_alt: A picture\n')})
    result, plan = _plan(commons_dir)
    problems = _problems(result)
    assert len(problems) == 1, problems
    line, said, advice = problems[0]
    assert line == 8 and message in said and hint in advice
    assert "<img" not in plan.pages[ARTEFACT].before  # a non-strict build shows no broken image


def test_a_cover_linked_from_outside_the_content_folder_is_refused(commons_dir, tmp_path):
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(_png())
    os.symlink(outside, commons_dir / "practice/fieldwork/cover.png")
    write_commons(commons_dir, {ARTEFACT: _artefact("cover: cover.png\ncover_alt: A picture\n")})
    result, plan = _plan(commons_dir)
    assert any("which does not exist" in said for _, said, _ in _problems(result))
    assert "<img" not in plan.pages[ARTEFACT].before


def test_a_cover_needs_words_for_readers_who_cannot_see_it(commons_dir):
    (commons_dir / "practice/fieldwork/cover.png").write_bytes(_png())
    write_commons(commons_dir, {ARTEFACT: _artefact("cover: cover.png\n")})
    result, _ = _plan(commons_dir)
    assert _problems(result) == [(8, "cover has no cover_alt: readers who cannot see the image need it in words",
                                  "add 'cover_alt:' with what the picture shows, in one sentence")]  # fmt: skip


def test_a_cover_on_an_allowed_host_is_shown(commons_dir):
    write_commons(commons_dir, {ARTEFACT: _artefact("cover: https://img.example.org/a.png\ncover_alt: A picture\n")})
    result, plan = _plan(commons_dir, external_hosts=("example.org",))
    assert _problems(result) == []
    assert '<img src="https://img.example.org/a.png" alt="A picture">' in plan.pages[ARTEFACT].before


# -- resources --------------------------------------------------------------------------

RESOURCES = """resources:
- title: The <b>listing</b> manual
  url: https://example.org/manual
  type: book
  note: Chapter 3 & 4.
- title: A talk
  url: https://video.example.org/talk
  type: video
"""


def test_resources_are_listed_with_their_type_and_escaped(commons_dir):
    write_commons(commons_dir, {ARTEFACT: _artefact(RESOURCES)})
    result, plan = _plan(commons_dir)
    assert _problems(result) == []
    after = plan.pages[ARTEFACT].after
    assert '<h2 id="resources">Resources</h2>' in after
    assert ('<li class="commons-resource commons-resource-book"><span class="commons-resource-type">Book</span> '
            '<span><a href="https://example.org/manual">The &lt;b&gt;listing&lt;/b&gt; manual</a>'
            '<span class="commons-resource-note">Chapter 3 &amp; 4.</span></span></li>') in after  # fmt: skip
    assert '<span class="commons-resource-type">Video</span>' in after


@pytest.mark.parametrize(
    ("entry", "line", "message", "hint"),
    [
        ("  url: https://example.org\n  type: vidoe\n", 11, "resources[1].type: 'vidoe' is not one of: web, video",
         "did you mean 'video'?"),
        ("  url: javascript:alert(1)\n  type: web\n", 10, "resources[1].url: 'javascript:alert(1)' is not a link",
         "https://"),
        ("  url: ../manual.pdf\n  type: web\n", 10, "an address on another site", "starting with https://"),
        ("  url: https://example.org\n", 9, "missing required key 'resources[1].type'", "add 'type:' with one of: web"),
    ],
)  # fmt: skip
def test_a_bad_resource_names_the_file_line_and_what_to_write(commons_dir, entry, line, message, hint):
    write_commons(commons_dir, {ARTEFACT: _artefact("resources:\n- title: Manual\n" + entry)})
    result, _ = _plan(commons_dir)
    problems = _problems(result)
    assert len(problems) == 1 and problems[0][0] == line, problems
    assert message in problems[0][1] and hint in problems[0][2]


# -- one related list -------------------------------------------------------------------


def test_related_and_referenced_by_are_one_list_without_repeats(commons_dir):
    write_commons(commons_dir, {
        # listing-checklist lists the guide as related and derives from it; the guide lists it back.
        ARTEFACT: _artefact("related: [listing-checklist]\n"),
        "practice/fieldwork/other.md": "---\ntitle: Other\ntype: guide\n---\nSee [it](artefact:listing-guide).\n",
    })  # fmt: skip
    _, plan = _plan(commons_dir)
    after = plan.pages[ARTEFACT].after
    related = after.split('id="related"')[1]
    assert related.count("listing-checklist/") == 1 and related.count("other/") == 1
    assert "Other</a> — <em>cited in</em>" in related
    assert "Listing checklist</a></li>" in related  # related both ways: said once, without a label
    assert 'id="referenced-by"' not in after
    assert "listing-checklist/" in after.split('id="lineage"')[1].split('id="related"')[0]  # the derivative


# -- sections ---------------------------------------------------------------------------


def test_conventional_sections_are_recognised_in_english_and_french():
    assert [conventional(h) for h in ("What is it?", "Why do it?", "How to do it?", "how it works")] == [
        "what", "why", "how", "how"]  # fmt: skip
    french = ("Qu’est-ce que c’est ?", "Qu'est-ce que c'est", "Pourquoi ?", "Comment faire", "Étapes")
    assert [conventional(h) for h in french] == ["what", "what", "why", "how", "how"]
    assert conventional("What we learned") is None and conventional("Howto guides") is None


def test_sections_get_their_mark_steps_and_a_menu_when_the_text_is_long():
    body = ('<h2 id="what">What is it?<a class="headerlink" href="#what">¶</a></h2><p>x</p>'
            '<h2 id="why">Pourquoi ?</h2><p>y</p><h2 id="how">How to do it?</h2><p>Then:</p><ol><li>a</li></ol>'
            '<h2 id="more">More &amp; less</h2><ol><li>b</li></ol>')  # fmt: skip
    out = mark_sections(body, [("resources", "Resources")], "On this page")
    assert '<h2 id="what" class="commons-section commons-section-what">' in out
    assert '<h2 id="why" class="commons-section commons-section-why">' in out
    assert '<p>Then:</p><ol class="commons-steps"><li>a</li>' in out and out.count("commons-steps") == 1
    menu = out[: out.index("<h2")]
    assert 'aria-label="On this page"' in menu and '<a href="#more">More &amp; less</a>' in menu
    assert '<a href="#what">What is it?</a>' in menu and '<a href="#resources">Resources</a>' in menu
    tips = mark_sections('<h2 id="how">How?</h2><h3 id="tips">Tips</h3><ol><li>a</li></ol>', [], "On this page")
    assert "commons-steps" not in tips  # a subsection's list is not the section's steps
    short = mark_sections('<h2 id="a">A</h2><p>x</p>', [], "On this page")
    assert "commons-on-this-page" not in short


# -- glossary terms in the text ---------------------------------------------------------

GLOSSARY = {
    "glossary/enumerator.md": "---\nterm: Enumerator\naliases: [field agent]\n---\n"
    'A person who "interviews" <script>alert(1)</script> & records answers.\n\nMore text.\n',
    "glossary/capi.md": "---\nterm: CAPI\n---\nComputer-assisted personal interviewing.\n",
}


def _glossary(commons_dir):
    result = build_commons(write_commons(commons_dir, GLOSSARY), today=TODAY)
    up = lambda page: "../" * (page.count("/") + (0 if page.endswith("index.md") else 1))  # noqa: E731
    return Glossary(result.commons.terms.values(), Sanitiser(()), lambda p: p[:-3] + "/", up)


def test_a_glossary_term_is_explained_once_with_its_definition_escaped(commons_dir):
    glossary = _glossary(commons_dir)
    out = glossary.explain("<p>An enumerator meets another enumerator.</p>", ARTEFACT)
    title = "A person who &#34;interviews&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; records answers."
    assert out == (f'<p>An <a class="commons-term" href="../../../glossary/enumerator/"><abbr title="{title}">'
                   "enumerator</abbr></a> meets another enumerator.</p>")  # fmt: skip
    assert "<script" not in out and "More text" not in out


def test_a_glossary_term_matches_aliases_and_whole_words_only(commons_dir):
    glossary = _glossary(commons_dir)
    out = glossary.explain("<p>Enumerators and a field\nagent; capi or CAPI.</p>", ARTEFACT)
    assert "Enumerators and" in out and 'glossary/enumerator/"><abbr' in out  # the alias, not "Enumerators"
    assert ">field\nagent</abbr>" in out
    assert "capi or " in out and ">CAPI</abbr>" in out  # an acronym matches as written


def test_a_glossary_term_is_not_touched_in_code_links_headings_or_attributes(commons_dir):
    glossary = _glossary(commons_dir)
    untouched = ('<h2 id="enumerator">Enumerator</h2><p><code>enumerator</code> <a href="x">the enumerator</a> '
                 '<img alt="enumerator" src="enumerator.png"></p><pre><code>CAPI</code></pre>'
                 '<p title="a > enumerator">x</p>')  # fmt: skip
    assert glossary.explain(untouched, ARTEFACT) == untouched
    assert glossary.explain("<p>Enumerator</p>", "glossary/enumerator.md") == "<p>Enumerator</p>"  # its own page


def test_glossary_terms_are_explained_on_built_pages(commons_dir):
    write_commons(commons_dir, {**GLOSSARY, ARTEFACT: _artefact("", "Train each enumerator. `CAPI` in code.")})
    _, plan = _plan(commons_dir)
    out = plan.enrich("<p>Train each enumerator. <code>CAPI</code> in code.</p>", ARTEFACT)
    assert 'href="../../../glossary/enumerator/"><abbr title="A person who' in out and "<code>CAPI</code>" in out


# -- glossary and topics ----------------------------------------------------------------


def test_a_glossary_term_and_the_topic_of_its_name_link_to_each_other(commons_dir):
    write_commons(commons_dir, {
        "glossary/sampling-frame.md": "---\nterm: Sampling frame\naliases: [SAMPLING]\n---\nThe list.\n",
    })  # fmt: skip
    _, plan = _plan(commons_dir)
    term = plan.pages["glossary/sampling-frame.md"].markdown
    assert '<a href="../../experts/topics/sampling/">Topic page: who knows about Sampling' in term
    topic = plan.pages["experts/topics/sampling.md"].markdown
    assert 'In the glossary: <a href="../../../glossary/sampling-frame/">Sampling frame</a>' in topic
    enumerator = plan.pages["glossary/enumerator.md"].markdown
    assert "Topic page" not in enumerator  # no topic of that name


def test_the_api_exports_cover_and_resources(commons_dir):
    (commons_dir / "practice/fieldwork/cover.png").write_bytes(_png())
    write_commons(commons_dir, {ARTEFACT: _artefact("cover: cover.png\ncover_alt: A picture\n" + RESOURCES)})
    _, plan = _plan(commons_dir)
    items = json.loads(plan.assets["api/artefacts.json"])["items"]
    guide = next(item for item in items if item["id"] == "listing-guide")
    assert guide["cover"] == "../practice/fieldwork/cover.png" and guide["cover_alt"] == "A picture"
    assert guide["resources"][0] == {"title": "The <b>listing</b> manual", "url": "https://example.org/manual",
                                     "type": "book", "note": "Chapter 3 & 4."}  # fmt: skip
    schema = json.loads(plan.assets["api/schema/artefacts.json"])
    assert "resources" in json.dumps(schema) and "cover_alt" in json.dumps(schema)


def test_the_scaffold_offers_cover_resources_and_the_conventional_sections():
    text = (ROOT / "plugins/practice_commons/scaffolds/artefact.md").read_text()
    assert "# cover: cover.png" in text and "resources: []" in text
    assert "## What is it?\n\n## Why do it?\n\n## How to do it?" in text
