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
                "    evidence: [event:2026-03-02-clinic, listng-guide]\n---\n"
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
            "  - cycle: immediate\n    text: t\n    evidence: [listing-guide]\n---\n",
        },
    )
    p = only(commons_dir, "success-stories/x.md")
    assert "could be several things" in p.message and "artefact:listing-guide" in p.hint


def test_duplicate_artefact_id_names_both_places(commons_dir):
    write_commons(commons_dir, {"practice/data/listing-guide.md": "---\ntitle: Copy\ntype: guide\n---\n"})
    p = only(commons_dir, "practice/fieldwork/listing-guide.md")
    assert "practice/data/listing-guide.md" in p.message


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


# -- links in front matter -------------------------------------------------------------

EVENT = "title: X\ncommunity: data\nkind: talk\nstart: 2026-04-01\n"
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


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_a_channel_url_with_another_scheme_is_an_error_on_its_line(commons_dir, url):
    write_commons(
        commons_dir,
        {
            "communities/new/index.md": "---\ntitle: N\ndomain: D\nstage: potential\n"
            f'channels:\n  - name: C\n    url: "{url}"\n---\n'
        },
    )
    p = only(commons_dir, "communities/new/index.md")
    assert p.line == 7 and p.message.startswith("channels[1].url: ") and "not a link the site can publish" in p.message
    assert "https://" in p.hint


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_an_event_url_with_another_scheme_is_an_error_on_its_line(commons_dir, url):
    write_commons(
        commons_dir,
        {"events/2026-04-01-x.md": f'---\n{EVENT}url: "{url}"\n---\n'},
    )
    p = only(commons_dir, "events/2026-04-01-x.md")
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
