"""Validation names the file, the line and the fix for every class of bad content."""

from __future__ import annotations

import datetime as dt

import pytest

from practice_commons import Severity, build_commons

from .conftest import write_commons


def problems_in(root, path, today=None):
    return [p for p in build_commons(root, today=today).problems if p.path == path]


def only(root, path, today=None):
    found = problems_in(root, path, today)
    assert len(found) == 1, found
    return found[0]


def test_the_small_commons_is_clean(commons_dir):
    assert build_commons(commons_dir, today=dt.date(2026, 1, 1)).problems == []


def test_unknown_key_answers_did_you_mean_with_line(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nauthor: [ana]\n---\n"})
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.message, p.hint) == (4, "unknown key 'author'", "did you mean 'authors'?")


def test_unknown_nested_key_suggests_from_its_own_mapping(commons_dir):
    write_commons(commons_dir, {"members/x.md": "---\nname: X\nexpertise:\n  - topic: R\n    levle: expert\n---\n"})
    found = problems_in(commons_dir, "members/x.md")
    assert any(p.line == 5 and p.hint == "did you mean 'level'?" for p in found)


def test_enumerations_list_the_allowed_values(commons_dir):
    write_commons(commons_dir, {"communities/new/index.md": "---\ntitle: N\ndomain: D\nstage: matureing\n---\n"})
    p = only(commons_dir, "communities/new/index.md")
    assert p.line == 4
    assert "potential, coalescing, maturing, stewardship or transformation" in p.message
    assert p.hint == "did you mean 'maturing'?"


def test_impossible_dates_are_errors_with_the_expected_format(commons_dir):
    write_commons(
        commons_dir,
        {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\ncreated: 2025-02-30\nupdated: soon\n---\n"},
    )
    found = problems_in(commons_dir, "practice/fieldwork/x.md")
    assert [(p.line, "not a valid date" in p.message) for p in found] == [(4, True), (5, True)]
    assert "YYYY-MM-DD" in found[0].hint


def test_unknown_member_reference_names_file_and_line(commons_dir):
    write_commons(
        commons_dir,
        {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nauthors:\n  - ana\n  - bne\n---\n"},
    )
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.message, p.hint) == (6, "unknown member 'bne'", "did you mean 'ben'?")


def test_every_kind_of_reference_is_resolved(commons_dir):
    write_commons(
        commons_dir,
        {
            "practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nanswers: [samplng]\nrelated: [listng-guide]\n---\n",
            "events/2026-04-01-x.md": "---\ntitle: X\ncommunity: fieldwrk\nkind: talk\nstart: 2026-04-01\n---\n",
            "success-stories/x.md": (
                "---\ntitle: X\ncommunities: [fieldwork]\nsteps:\n  - cycle: immediate\n    text: t\n"
                "    evidence: [event:2026-03-02-clinic, listng-guide]\n  - cycle: applied\n    text: u\n---\n"
            ),
        },
    )
    artefact = problems_in(commons_dir, "practice/fieldwork/x.md")
    assert [(p.line, p.hint) for p in artefact] == [
        (4, "did you mean 'sampling'?"),
        (5, "did you mean 'listing-guide'?"),
    ]
    event = only(commons_dir, "events/2026-04-01-x.md")
    assert (event.line, event.message) == (3, "unknown community 'fieldwrk'")
    story = problems_in(commons_dir, "success-stories/x.md")
    assert {(p.line, p.hint) for p in story} == {
        (7, "did you mean '2026-03-01-clinic'?"),
        (7, "did you mean 'listing-guide'?"),
    }


def test_ambiguous_evidence_asks_for_a_prefix(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/listing-guide.md": "---\nname: Confusing Name\n---\n",
            "success-stories/x.md": "---\ntitle: X\ncommunities: [fieldwork]\nsteps:\n"
            "  - cycle: immediate\n    text: t\n    evidence: [listing-guide]\n  - cycle: applied\n    text: u\n---\n",
        },
    )
    p = only(commons_dir, "success-stories/x.md")
    assert "could be several things" in p.message and "artefact:listing-guide" in p.hint


def test_duplicate_artefact_id_names_both_places(commons_dir):
    write_commons(commons_dir, {"practice/data/listing-guide.md": "---\ntitle: Copy\ntype: guide\n---\n"})
    p = only(commons_dir, "practice/fieldwork/listing-guide.md")
    assert "practice/data/listing-guide.md" in p.message


@pytest.mark.parametrize("ident", ["all", "types"])
def test_a_community_cannot_take_the_address_of_the_sites_own_practice_pages(commons_dir, ident):
    front = "---\ntitle: Everyone\ndomain: All of it.\nstage: potential\n---\n"
    write_commons(commons_dir, {f"communities/{ident}/index.md": front})
    p = only(commons_dir, f"communities/{ident}/index.md")
    assert p.severity == Severity.ERROR and p.line == 1
    assert f"/practice/{ident}/ is the site's own page" in p.message and f"communities/{ident}/" in p.hint


def test_duplicate_key_question_id_names_both_lines(commons_dir):
    text = (commons_dir / "communities/fieldwork/index.md").read_text()
    write_commons(commons_dir, {"communities/fieldwork/index.md": text.replace("id: training", "id: sampling")})
    p = only(commons_dir, "communities/fieldwork/index.md")
    assert (p.line, p.message) == (8, "key question id 'sampling' is also used on line 6")


def test_event_that_ends_before_it_starts(commons_dir):
    write_commons(
        commons_dir,
        {
            "events/2026-05-01-x.md": "---\ntitle: X\ncommunity: data\nkind: talk\nstart: 2026-05-01 10:00\n"
            "end: 2026-05-01 09:00\n---\n"
        },
    )
    p = only(commons_dir, "events/2026-05-01-x.md")
    assert p.line == 6 and "ends" in p.message


def test_coordinator_contradiction_is_flagged_on_the_member_file(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/ben.md": "---\nname: Ben\nmemberships:\n  - {community: fieldwork, role: active}\n---\n",
            "members/cleo.md": "---\nname: Cleo\nmemberships:\n  - {community: data, role: coordinator}\n---\n",
        },
    )
    ben = only(commons_dir, "members/ben.md")
    assert "contradicts communities/fieldwork/index.md" in ben.message and "role: core" in ben.hint
    cleo = only(commons_dir, "members/cleo.md")
    assert "not confirmed by communities/data/index.md" in cleo.message


def test_near_duplicate_topics_are_warnings(commons_dir):
    write_commons(
        commons_dir,
        {"members/cleo.md": "---\nname: Cleo\nexpertise:\n  - {topic: anonymization, level: learning}\n---\n"},
    )
    p = only(commons_dir, "members/cleo.md")
    assert p.severity is Severity.WARNING and p.line == 4
    assert "looks like 'Anonymisation'" in p.message


def test_overdue_review_is_a_notice_that_depends_on_the_date(commons_dir):
    write_commons(commons_dir, {"practice/data/x.md": "---\ntitle: X\ntype: faq\nreview_by: 2026-06-01\n---\n"})
    assert problems_in(commons_dir, "practice/data/x.md", today=dt.date(2026, 5, 1)) == []
    p = only(commons_dir, "practice/data/x.md", today=dt.date(2026, 7, 1))
    assert p.severity is Severity.NOTICE and p.line == 4


def test_derivation_loop_is_an_error(commons_dir):
    text = (commons_dir / "practice/fieldwork/listing-guide.md").read_text()
    write_commons(
        commons_dir,
        {
            "practice/fieldwork/listing-guide.md": text.replace(
                "type: method", "type: method\nderived_from: [listing-checklist]"
            )
        },
    )
    found = [p for p in build_commons(commons_dir).problems if "loop" in p.message]
    assert {p.path for p in found} == {"practice/fieldwork/listing-guide.md", "practice/fieldwork/listing-checklist.md"}


def test_many_problems_are_reported_in_one_run(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/x.md": "---\nname: X\nmemberships: [{community: nope, role: active}]\n---\n",
            "practice/data/y.md": "---\ntitle: Y\ntype: recipe\n---\n",
            "events/2026-01-01-z.md": "---\ntitle: Z\ncommunity: data\nkind: talk\n---\n",
            "glossary/w.md": "---\nterm: W\nalias: [x]\n---\n",
        },
    )
    paths = {p.path for p in build_commons(commons_dir).problems}
    assert paths == {"members/x.md", "practice/data/y.md", "events/2026-01-01-z.md", "glossary/w.md"}


def test_references_are_checked_even_in_a_file_that_fails_its_schema(commons_dir):
    write_commons(commons_dir, {"practice/data/x.md": "---\ntitle: X\ntype: recipe\nauthors: [ana, zed]\n---\n"})
    found = [(p.line, p.message) for p in problems_in(commons_dir, "practice/data/x.md")]
    assert (
        3,
        "type: 'recipe' is not one of: method, story, case, tool, document, lesson, template, guide or faq",
    ) in found
    assert (4, "unknown member 'zed'") in found


# -- hints that help on real content ---------------------------------------------

EVENT = "title: X\ncommunity: data\nkind: talk\nstart: 2026-04-01\n"


@pytest.mark.parametrize(
    ("path", "front", "key", "hint"),
    [
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "subtitle: S", "did you mean 'summary'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "description: S", "did you mean 'summary'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "date: 2025-01-01", "did you mean 'created'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "published: 2025-01-01", "did you mean 'created'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "lastMod: 2025-01-01", "did you mean 'updated'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "keywords: [a]", "did you mean 'topics'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "categories: [a]", "did you mean 'topics'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "reviewer: ben", "did you mean 'reviewers'?"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "community: data", "did you mean 'communities'?"),
        ("events/2026-04-01-x.md", EVENT, "link: https://x.org", "did you mean 'url'?"),
        ("members/x.md", "name: X\n", "skills: [R]", "did you mean 'expertise'?"),
        ("members/x.md", "name: X\n", "tags: [R]", "did you mean 'expertise'?"),
        ("members/x.md", "name: X\n", "email: x@example.org", "write it as 'email' under 'contact:'"),
        ("members/x.md", "name: X\n", "phone: '123'", "write it as 'phone' under 'contact:'"),
        ("members/x.md", "name: X\n", "bio: Hello", "write it in the page text, below the front matter"),
        ("members/x.md", "name: X\n", "title: Statistician", "did you mean 'job_title'?"),
        ("glossary/x.md", "term: X\n", "definition: D", "write it in the page text, below the front matter"),
        ("success-stories/x.md", "title: X\ncommunities: [data]\n", "tags: [innovation]", "did you mean 'value'?"),
    ],
)
def test_names_from_other_systems_suggest_our_key(commons_dir, path, front, key, hint):
    write_commons(commons_dir, {path: f"---\n{front}{key}\n---\n"})
    p = only(commons_dir, path)
    assert p.line == front.count("\n") + 2
    assert p.message == f"unknown key '{key.split(':')[0]}'"
    assert p.hint == (hint or p.hint) and p.hint


def test_artefacts_keep_tags_beside_topics(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\ntags: [a]\ntopics: [b]\n---\n"})
    assert problems_in(commons_dir, "practice/fieldwork/x.md") == []


@pytest.mark.parametrize(
    ("path", "front", "key"),
    [
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "foo: 1"),
        ("practice/fieldwork/x.md", "title: X\ntype: guide\n", "datum: 2025-01-01"),
        ("events/2026-04-01-x.md", EVENT, "tim: 10:00"),
        ("members/x.md", "name: X\n", "avatar: x.png"),
    ],
)
def test_without_a_close_match_the_hint_lists_the_allowed_keys(commons_dir, path, front, key):
    write_commons(commons_dir, {path: f"---\n{front}{key}\n---\n"})
    p = only(commons_dir, path)
    assert p.hint.startswith("allowed keys: ") and "did you mean" not in p.hint


def test_a_misspelt_required_key_is_one_problem(commons_dir):
    write_commons(
        commons_dir,
        {
            "events/2026-04-01-x.md": "---\ntitle: X\ncommunity: data\nkind: talk\ntime: 2026-04-01 10:00\n---\n",
            "members/x.md": "---\ntitle: Xavier\n---\n",
            "success-stories/x.md": "---\ntitle: X\ncommunity: data\n---\n",
        },
    )
    event = only(commons_dir, "events/2026-04-01-x.md")
    assert (event.line, event.message, event.hint) == (5, "unknown key 'time'", "did you mean 'start'?")
    member = only(commons_dir, "members/x.md")
    assert (member.line, member.hint) == (2, "did you mean 'name'?")
    story = only(commons_dir, "success-stories/x.md")
    assert (story.line, story.hint) == (3, "did you mean 'communities'?")


def test_a_second_name_for_a_field_the_file_has_says_keep_one(commons_dir):
    write_commons(
        commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nsummary: S\ndescription: D\n---\n"}
    )
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert p.line == 5 and "'summary'" in p.hint and "keep one" in p.hint


def test_every_other_name_points_at_a_field_in_its_place():
    from practice_commons.schema import SCHEMAS, _model_at
    from practice_commons.vocabulary import KEY_ALIASES, PAGE_TEXT

    for where, table in KEY_ALIASES.items():
        kind, *inner = where.split(".")
        model = _model_at(SCHEMAS[kind], (*inner, "x"))
        assert not inner or model is not SCHEMAS[kind], where
        for target, names in table.items():
            if target == PAGE_TEXT:
                continue
            outer, _, field = target.rpartition(".")
            place = _model_at(model, (outer, "x")) if outer else model
            assert field in place.model_fields, (where, target)
            assert not set(names) & set(model.model_fields), (where, names)


def test_only_close_spellings_are_suggested():
    from practice_commons.problems import did_you_mean

    fields = ["title", "type", "summary", "authors", "created", "updated", "timezone", "start"]
    assert did_you_mean("tilte", fields) == "did you mean 'title'?"
    assert did_you_mean("Author", fields) == "did you mean 'authors'?"
    assert did_you_mean("time", fields) == ""
    assert did_you_mean("subtitle", fields) == ""
    assert did_you_mean("date", fields) == ""
    assert did_you_mean("x", ["y"]) == ""


def test_an_author_written_by_name_is_told_the_id(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nauthors: [Ana Silva]\n---\n"})
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.message, p.hint) == (4, "unknown member 'Ana Silva'", "write its id, 'ana', rather than its name")


def test_ids_written_as_one_text_are_told_to_make_a_list(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nauthors: ana, ben\n---\n"})
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.hint) == (4, "write a list, one id per item: [ana, ben]")


# -- one mistake, one message ----------------------------------------------------------


@pytest.mark.parametrize(
    "authors",
    ['authors: [""]', "authors: ['  ']", "authors:\n  - ", 'authors: ""', "authors: [ana, '']"],
)
def test_an_empty_author_is_one_problem(commons_dir, authors):
    write_commons(commons_dir, {"practice/fieldwork/x.md": f"---\ntitle: X\ntype: guide\n{authors}\n---\n"})
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert p.line in (4, 5) and p.message.endswith("is empty") and "members/.md" not in str(p)


def test_an_empty_author_in_a_file_that_fails_its_schema_is_one_problem(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: recipe\nauthors: ['']\n---\n"})
    found = problems_in(commons_dir, "practice/fieldwork/x.md")
    assert [p.line for p in found] == [3, 4] and found[1].message == "authors[1] is empty"


def test_a_wrong_type_in_a_reference_list_is_one_problem(commons_dir):
    write_commons(
        commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nrelated: [listing-guide, 3]\n---\n"}
    )
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.message) == (4, "related[2] should be text, found '3'")


def test_an_empty_community_on_an_event_is_one_problem(commons_dir):
    write_commons(
        commons_dir, {"events/2026-04-01-x.md": "---\ntitle: X\ncommunity: ''\nkind: talk\nstart: 2026-04-01\n---\n"}
    )
    p = only(commons_dir, "events/2026-04-01-x.md")
    assert (p.line, p.message) == (3, "community is empty")


def test_ids_with_spaces_around_them_resolve(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\ntype: guide\nauthors: [' ana ']\n---\n"})
    assert problems_in(commons_dir, "practice/fieldwork/x.md") == []


def test_a_duplicate_id_is_reported_beside_the_files_other_problems(commons_dir):
    write_commons(
        commons_dir,
        {"practice/zz/listing-guide.md": "---\ntitle: Copy\ntype: recipe\nauthors: [zed]\nsubtitle: S\n---\n"},
    )
    found = [(p.line, p.message) for p in problems_in(commons_dir, "practice/zz/listing-guide.md")]
    assert found == [
        (1, "artefact id 'listing-guide' is also used by practice/fieldwork/listing-guide.md"),
        (3, "type: 'recipe' is not one of: method, story, case, tool, document, lesson, template, guide or faq"),
        (4, "unknown member 'zed'"),
        (5, "unknown key 'subtitle'"),
    ]
    # The first file keeps the id: what cites it still resolves to it.
    assert problems_in(commons_dir, "practice/fieldwork/listing-checklist.md") == []


def test_a_valid_duplicate_still_has_its_references_checked(commons_dir):
    write_commons(commons_dir, {"practice/zz/listing-guide.md": "---\ntitle: Copy\ntype: guide\nauthors: [zed]\n---\n"})
    found = [(p.line, p.message) for p in problems_in(commons_dir, "practice/zz/listing-guide.md")]
    assert found[1:] == [(4, "unknown member 'zed'")] and "also used by" in found[0][1]


def test_an_event_of_an_unknown_community_still_has_its_people_checked(commons_dir):
    write_commons(
        commons_dir,
        {
            "events/2026-04-01-x.md": "---\ntitle: X\ncommunity: nope\nkind: talk\n"
            "start: 2026-04-01\nhosts: [zed]\n---\n"
        },
    )
    found = [(p.line, p.message) for p in problems_in(commons_dir, "events/2026-04-01-x.md")]
    assert found == [(3, "unknown community 'nope'"), (6, "unknown member 'zed'")]


def test_an_artefact_in_an_unknown_folder_still_has_its_authors_checked(commons_dir):
    write_commons(commons_dir, {"practice/nope/x.md": "---\ntitle: X\ntype: guide\nauthors: [zed]\n---\n"})
    found = [(p.line, p.message) for p in problems_in(commons_dir, "practice/nope/x.md")]
    assert found == [(1, "folder practice/nope/ names no community"), (4, "unknown member 'zed'")]


# -- links in front matter -------------------------------------------------------------

UNSAFE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "  javascript:alert(1)",
    "java\\tscript:alert(1)",
    "java\\nscript:alert(1)",
    "\\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "\\\\\\\\evil.example/x",
    "/\\\\evil.example/x",
]
SAFE_URLS = [
    "https://chat.example.org/x",
    "HTTP://example.org",
    "mailto:team@example.org",
    "tel:+33123",
    "../guide/",
    "/events/",
    "#agenda",
    "files/notes.pdf",
    "&#x6a;avascript:alert(1)",
]


def url_problem(root, path, url):
    """The one problem with an unsafe URL (the loader also reports a control character it leaves out)."""
    found = problems_in(root, path)
    if "\\x01" in url:
        assert any("control character" in p.message for p in found)
        found = [p for p in found if "control character" not in p.message]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_a_channel_url_with_another_scheme_is_an_error_on_its_line(commons_dir, url):
    write_commons(
        commons_dir,
        {
            "communities/new/index.md": "---\ntitle: N\ndomain: D\nstage: potential\n"
            f'channels:\n  - name: C\n    url: "{url}"\n---\n'
        },
    )
    p = url_problem(commons_dir, "communities/new/index.md", url)
    assert p.line == 7 and p.message.startswith("channels[1].url: ") and "not a link the site can publish" in p.message
    assert "https://" in p.hint


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_an_event_url_with_another_scheme_is_an_error_on_its_line(commons_dir, url):
    write_commons(
        commons_dir,
        {"events/2026-04-01-x.md": f'---\n{EVENT}url: "{url}"\n---\n'},
    )
    p = url_problem(commons_dir, "events/2026-04-01-x.md", url)
    assert p.line == 6 and p.message.startswith("url: ") and "\t" not in p.message and "\n" not in p.message


@pytest.mark.parametrize("url", SAFE_URLS)
def test_web_mail_phone_and_relative_links_are_accepted(commons_dir, url):
    write_commons(
        commons_dir,
        {"events/2026-04-01-x.md": f'---\n{EVENT}url: "{url}"\n---\n'},
    )
    assert problems_in(commons_dir, "events/2026-04-01-x.md") == []


def test_the_url_rule_reads_schemes_as_a_browser_does():
    from practice_commons.urls import SAFE_SCHEMES, safe_url

    assert SAFE_SCHEMES == {"http", "https", "mailto", "tel"}
    assert not any(safe_url(u.encode().decode("unicode_escape")) for u in UNSAFE_URLS)
    assert all(safe_url(u) for u in SAFE_URLS)
    assert safe_url("ｊａｖａｓｃｒｉｐｔ:alert(1)")  # not ASCII: a relative path to a browser


@pytest.mark.parametrize(
    ("email", "hint"),
    [
        ("javascript:alert(1)", "write one address, such as name@example.org"),
        ("javascript:a@b.org", "write one address, such as name@example.org"),
        ("ana at example.org", "write one address, such as name@example.org"),
        ("ana@@example.org", "write one address, such as name@example.org"),
        ("a@b@example.org", "write one address, such as name@example.org"),
        ("mailto:ana@example.org", "write the address alone, without 'mailto:'"),
    ],
)
def test_a_contact_email_must_be_an_address(commons_dir, email, hint):
    write_commons(commons_dir, {"members/x.md": f'---\nname: X\ncontact:\n  email: "{email}"\n---\n'})
    p = only(commons_dir, "members/x.md")
    assert (p.line, p.hint) == (4, hint) and p.message.startswith("contact.email: ")


@pytest.mark.parametrize(
    ("chat", "ok"),
    [
        ("@ana on Teams", True),
        ("Slack: @ana", True),
        ("https://chat.example.org/ana", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example", False),
    ],
)
def test_a_contact_chat_written_as_a_link_must_be_a_safe_one(commons_dir, chat, ok):
    write_commons(
        commons_dir,
        {
            "members/x.md": f"---\nname: X\ncontact:\n  chat: '{chat}'\n"
            "  phone: ext. 12\n  email: o'neil@example.org\n---\n"
        },
    )
    found = problems_in(commons_dir, "members/x.md")
    assert (found == []) is ok
    assert ok or (found[0].line, found[0].message.startswith("contact.chat: ")) == (4, True)


def test_a_missing_enumerated_key_lists_the_values_it_may_take(commons_dir):
    write_commons(commons_dir, {"practice/fieldwork/x.md": "---\ntitle: X\n---\n"})
    p = only(commons_dir, "practice/fieldwork/x.md")
    assert (p.line, p.message) == (1, "missing required key 'type'")
    assert p.hint.startswith("add 'type:' with one of: method, story, case")


def test_answers_are_key_questions_of_each_artefacts_own_communities(commons_dir):
    # The questions of each set of communities are gathered once (resolve.answers): every artefact gets its own.
    article = "---\ntitle: A\ntype: guide\n{}---\n"
    write_commons(
        commons_dir,
        {
            "practice/fieldwork/a.md": article.format("answers: [training]\n"),
            "practice/data/b.md": article.format("answers: [fieldwork/sampling]\n"),
            "practice/data/c.md": article.format("communities: [fieldwork]\nanswers: [training]\n"),
            "practice/fieldwork/d.md": article.format("communities: [data]\nanswers: [sampling]\n"),
            "practice/data/e.md": article.format("answers: [sampling]\n"),
        },
    )
    for name in ("fieldwork/a", "data/b", "data/c", "fieldwork/d"):
        assert problems_in(commons_dir, f"practice/{name}.md") == [], name
    p = only(commons_dir, "practice/data/e.md")
    assert (p.line, p.message, p.hint) == (4, "'sampling' is not a key question of data", "key questions of data: none")
