"""Index pages that inform: what each shows beside its links, and that none grows with the commons."""

from __future__ import annotations

import datetime as dt

import pytest

from practice_commons import build_commons
from practice_commons.render import build_site_plan, indexes, paths

from .conftest import ROOT

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo():
    return build_commons(ROOT / "content", today=TODAY).commons


@pytest.fixture(scope="module")
def plan(demo):
    return build_site_plan(demo, today=TODAY)


def html(plan, path):
    return plan.pages[path].before + plan.pages[path].after


def test_first_sentence_is_plain_text_cut_at_a_word():
    assert indexes.first_sentence("Data about the **interview**. Timestamps.") == "Data about the interview."
    assert indexes.first_sentence("See [the guide](x.md) e.g. here! Then more.") == "See the guide e.g. here!"
    assert indexes.first_sentence("# Title\n\nBody <b>bold</b> text") == "Body bold text"
    cut = indexes.first_sentence("word " * 100, limit=30)
    assert cut.endswith("…") and len(cut) <= 31 and "  " not in cut


def test_communities_index_shows_domain_coordinators_activity_and_questions_in_words(plan):
    page = html(plan, "communities/index.md")
    assert "Designing and running household surveys" in page  # the domain's first sentence
    assert ">Amara Diallo</a>" in page  # the coordinator
    assert "Last activity" in page
    assert "1 of 7 open" in page and "All 5 answered" in page
    assert "open questions: 0" not in page
    assert "<th></th>" not in page


def test_glossary_index_shows_each_terms_first_sentence(plan):
    page = html(plan, "glossary/index.md")
    assert "Data about the interview rather than the respondent" in page
    assert "Also called: ICC" in page


def test_units_name_a_bounded_few_people_and_their_communities(plan, demo, monkeypatch):
    page = html(plan, paths.INDEX_PAGES["units"])
    assert "4 people" in page and ">Lucía Quispe</a>" in page
    assert "In communities" in page and ">Field Methods</a> (2)" in page
    units = indexes.by_unit(demo.members.values())
    biggest = max(units, key=lambda u: len(u.people))
    monkeypatch.setattr(indexes, "UNIT_NAMES", 1)
    small = build_site_plan(demo, today=TODAY)
    assert f"and {len(biggest.people) - 1} more" in html(small, paths.INDEX_PAGES["units"])


def test_all_practice_is_paged_and_every_page_is_the_same_size(demo, monkeypatch):
    monkeypatch.setattr(indexes, "PRACTICE_PAGE_SIZE", 25)
    plan = build_site_plan(demo, today=TODAY)
    total = len(demo.artefacts)
    pages = [paths.practice_all(n) for n in range(1, -(-total // 25) + 1)]
    assert [p for p in plan.pages if p.startswith("practice/all/")] == pages
    assert paths.generated_pages(demo) >= set(pages)
    rows = [html(plan, p).count("<tr><td") for p in pages]
    assert sum(rows) == total and max(rows) == 25
    second = html(plan, pages[1])
    assert 'aria-current="page">2<' in second and "Artefacts 26–50 of" in second
    assert '<a href="../../../practice/all/">1</a>' in second  # back to the first page


def test_pager_is_bounded_however_many_pages():
    assert indexes.pager(1, 1) == [1]
    assert indexes.pager(7, 40) == [1, None, 5, 6, 7, 8, 9, None, 40]
    assert len(indexes.pager(500, 1000)) <= 9


def test_recently_updated_keeps_to_a_recent_window_or_says_nothing_is_recent(demo):
    artefacts = list(demo.artefacts.values())
    recent = indexes.recent(artefacts, lambda a: a.spec.updated, TODAY, limit=15)
    assert recent.in_window and all(TODAY - a.spec.updated <= dt.timedelta(days=90) for a in recent.items)
    later = TODAY + dt.timedelta(days=3 * 365)
    stale = indexes.recent(artefacts, lambda a: a.spec.updated, later, limit=15)
    assert not stale.in_window and len(stale.items) == indexes.NEWEST_FALLBACK
    page = html(build_site_plan(demo, today=later), "practice/index.md")
    assert "Nothing in the last 90 days; the newest:" in page


def test_every_table_header_of_the_index_pages_has_a_label(plan):
    for path in ("communities/index.md", "glossary/index.md", "practice/all/index.md",
                 "practice/field-methods/index.md", "practice/types/method.md"):  # fmt: skip
        assert "<th></th>" not in html(plan, path), path
