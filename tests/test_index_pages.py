"""Long index pages in pages of a fixed size: events, each type's and each community's practice (issue 12, target 6).

Every row appears on exactly one page, page 1 keeps its address, the pager's links and the later pages'
breadcrumbs lead to pages that exist.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import posixpath
import re

import pytest

from practice_commons import build_commons
from practice_commons import model as m
from practice_commons.render import build_site_plan, paths
from practice_commons.render import plan as plan_module
from practice_commons.vocabulary import ARTEFACT_TYPES

from .conftest import ROOT

SIZE = 7


def _synth():
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SYNTH = _synth()
#: Halfway through the synthetic events' dates: some upcoming, more past.
TODAY = SYNTH.EPOCH + dt.timedelta(days=700)


@pytest.fixture(scope="module")
def commons(tmp_path_factory):
    content = tmp_path_factory.mktemp("paged") / "content"
    SYNTH.generate(content, artefacts=90, communities=3, members=20, events=40, stories=9, terms=10)
    return build_commons(content, today=TODAY).commons


@pytest.fixture(scope="module")
def plan(commons):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "INDEX_PAGE_SIZE", SIZE)
        built = build_site_plan(commons, today=TODAY)
    return built


def html(plan, path):
    return plan.pages[path].before + plan.pages[path].after


def pages_of(plan, first):
    """The pages of the index whose page 1 is ``first``, in order, as the plan has them."""
    found, number = [], 1
    while paths.later_page(first, number) in plan.pages:
        found.append(paths.later_page(first, number))
        number += 1
    return found


def rows(page_html, kind):
    """Ids of the entities a page's table rows link to first, in order (``kind``: their URL folder)."""
    found = (re.search(rf'href="(?:\.\./)*{kind}/(?:[^/"]+/)*?([^/"]+)/"', row)
             for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page_html, re.S))  # fmt: skip
    return [match.group(1) for match in found if match]


def resolve(page, href):
    """The source path of the planned page ``href`` (relative, from ``page``) leads to, or None."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(paths.url(page)), href)) + "/"
    return target.lstrip("./") if target != "./" else ""


def check_links(plan, page):
    """Every pager and breadcrumb link of ``page`` leads to a planned page."""
    urls = {paths.url(path): path for path in plan.pages}
    text = html(plan, page)
    nav = "".join(re.findall(r'<nav class="commons-pager".*?</nav>|<nav[^>]*breadcrumb.*?</nav>', text, re.S))
    hrefs = re.findall(r'href="([^"#]+)"', nav)
    for href in hrefs:
        assert resolve(page, href) in urls, (page, href)
    return [urls[resolve(page, href)] for href in hrefs]


def test_events_are_paged_upcoming_soonest_first_then_past_latest_first_each_on_one_page(plan, commons):
    pages = pages_of(plan, paths.INDEX_PAGES["events"])
    assert len(pages) == -(-len(commons.events) // SIZE) > 2
    assert pages[1] == "events/pages/2.md" and paths.url(pages[1]) == "events/pages/2/"
    listed = [ident for page in pages for ident in rows(html(plan, page), "events")]
    assert sorted(listed) == sorted(commons.events) and len(set(listed)) == len(listed)
    days = [commons.events[ident].start_date for ident in listed]
    upcoming = [day for day in days if day >= TODAY]
    assert upcoming and upcoming == sorted(upcoming) and days[: len(upcoming)] == upcoming
    past = days[len(upcoming) :]
    assert past and past == sorted(past, reverse=True)
    assert all(len(rows(html(plan, page), "events")) <= SIZE for page in pages)
    assert f"Events 1–{SIZE} of {len(commons.events)}: upcoming ones first" in html(plan, pages[0])
    assert plan.pages[pages[1]].meta["title"] == f"Events, page 2 of {len(pages)}"


def test_each_type_and_each_community_lists_its_practice_once_over_its_pages(plan, commons):
    artefacts = commons.artefacts.values()
    indexes = [(paths.practice_type(k), [a.id for a in artefacts if a.spec.type == k]) for k in ARTEFACT_TYPES]
    indexes += [(paths.practice_of(c), [a.id for a in c.artefacts]) for c in commons.communities.values()]
    for first, of in indexes:
        pages = pages_of(plan, first)
        assert len(pages) == paths.page_count(len(of), SIZE), first
        listed = [ident for page in pages for ident in rows(html(plan, page), "practice")]
        assert sorted(listed) == sorted(of), first
        assert all(len(rows(html(plan, page), "practice")) <= SIZE for page in pages), first
    assert paths.later_page(paths.practice_type("method"), 2) == "practice/types/method/pages/2.md"
    assert paths.url(paths.practice_type("method")) == "practice/types/method/"  # page 1 keeps its address
    assert paths.url(paths.later_page(paths.practice_type("method"), 2), False) == "practice/types/method/pages/2.html"


def test_pager_and_breadcrumbs_of_later_pages_lead_to_pages_that_exist(plan, commons):
    community = next(iter(commons.communities.values()))
    firsts = [paths.INDEX_PAGES[name] for name in ("events", "stories", "glossary")]
    for first in [*firsts, paths.practice_type("method"), paths.practice_of(community)]:
        pages = pages_of(plan, first)
        assert len(pages) > 1, first
        for number, page in enumerate(pages, start=1):
            linked = check_links(plan, page)
            assert (first in linked) == (number > 1), page  # later pages link back to page 1
            assert f'aria-current="page">{number}<' in html(plan, page)
        trail = plan._renderer.crumbs[pages[1]]
        assert trail[-2][1] == first and trail[-1] == ("2", None)


def test_stories_and_glossary_terms_are_each_on_exactly_one_page(plan, commons):
    for name, folder, entities in (
        ("stories", "success-stories", commons.stories),
        ("glossary", "glossary", commons.terms),
    ):
        pages = pages_of(plan, paths.INDEX_PAGES[name])
        assert len(pages) == paths.page_count(len(entities), SIZE) > 1, name
        listed = [ident for page in pages for ident in rows(html(plan, page), folder)]
        assert sorted(listed) == sorted(entities), name


def test_generated_pages_know_every_later_page(plan, commons):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "INDEX_PAGE_SIZE", SIZE)
        known = paths.generated_pages(commons)
    later = {path for path in plan.pages if "/pages/" in path}
    assert later and later <= known


def test_a_small_commons_keeps_one_page_per_index_without_a_pager(commons):
    plan = build_site_plan(commons, today=TODAY)
    for first in (paths.INDEX_PAGES["events"], paths.practice_type("method")):
        assert pages_of(plan, first) == [first]
        assert "commons-pager" not in html(plan, first) and "The filter searches this page" not in html(plan, first)


def test_a_topics_practice_is_paged_and_its_people_stay_on_page_one(commons):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "INDEX_PAGE_SIZE", 1)
        plan = build_site_plan(commons, today=TODAY)
        known = paths.generated_pages(commons)
    topic, carriers = max(commons.topics.items(), key=lambda item: sum(isinstance(x, m.Artefact) for x in item[1]))
    practice = sorted(x.id for x in carriers if isinstance(x, m.Artefact))
    first = paths.topic_page(paths.topic_slugs(list(commons.topics))[topic])
    pages = pages_of(plan, first)
    assert len(pages) == len(practice) > 1 and set(pages) <= known
    assert sorted(ident for page in pages for ident in re.findall(r'<li><a href="[./]*practice/[^/"]+/([^/"]+)/"',
                                                                  html(plan, page))) == practice  # fmt: skip
    assert 'id="people"' in html(plan, pages[0]) and 'id="people"' not in html(plan, pages[1])
    assert plan.pages[pages[1]].meta["search"] == {"exclude": True} and "search" not in plan.pages[first].meta
    assert first in check_links(plan, pages[1])


def _page_kinds():
    spec = importlib.util.spec_from_file_location("page_kinds", ROOT / "benchmarks" / "page_kinds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_flags_an_index_page_that_grows_and_not_one_that_lists_more_communities():
    kinds = _page_kinds()
    assert kinds.kind_of("practice/types/method/pages/12/index.html") == "practice/types/<x>/pages/<n>/"
    assert kinds.kind_of("index.html") == "/"
    small = {"events/": (50_000, "events/", 1), "health/": (20_000, "health/", 1), "members/<x>/": (9, "", 2)}
    large = {"events/": (400_000, "events/", 1), "health/": (200_000, "health/", 1), "members/<x>/": (99, "", 20)}
    small["success-stories/"], large["success-stories/"] = (20_000, "", 1), (40_000, "", 1)  # a page filling up
    large["events/pages/<n>/"] = (50_000, "events/pages/2/", 9)  # new at this size: nothing to compare with
    assert [kind for kind, _ in kinds.growing(small, large, (10, 100))] == ["events/"]


def test_the_library_names_the_topics_with_most_practice_and_sends_to_who_knows_what_for_the_rest(commons):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_module, "LIBRARY_TOPICS", 5)
        page = html(build_site_plan(commons, today=TODAY), paths.INDEX_PAGES["practice"])
    cloud = page.split('id="by-topic"', 1)[1].split("<h2", 1)[0]
    counts = {topic: sum(isinstance(x, m.Artefact) for x in carriers) for topic, carriers in commons.topics.items()}
    counts = {topic: count for topic, count in counts.items() if count}
    assert cloud.count("experts/topics/") == 5
    assert min(int(n) for n in re.findall(r" \((\d+)\)</a>", cloud)) == sorted(counts.values(), reverse=True)[4]
    assert f"{len(counts) - 5} more topics in who knows what" in cloud


def test_titles_on_later_pages_are_escaped(tmp_path):
    """Content is untrusted on page 7 as on page 1: every title a later page lists reaches it as text."""
    content = tmp_path / "content"
    SYNTH.generate(content, artefacts=40, communities=3, members=20, events=20, stories=3, terms=5)
    hostile = "<img src=x onerror=alert(1)>"
    for folder in ("practice", "events"):
        for path in (content / folder).rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"^title: (.*)$", rf"title: '\1 {hostile}'", text, count=1, flags=re.M))
    commons = build_commons(content, today=TODAY).commons
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paths, "INDEX_PAGE_SIZE", SIZE)
        built = build_site_plan(commons, today=TODAY)
    firsts = [paths.INDEX_PAGES["events"], *(paths.practice_of(c) for c in commons.communities.values())]
    later = [page for first in firsts for page in pages_of(built, first)[1:]]
    assert len(later) >= 3
    for page in later:
        shown = html(built, page)
        assert "<img src=x" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown, page


def test_a_topic_names_everyone_at_each_level_past_the_cards(commons):
    from practice_commons.expertise import by_level, expertise_by_topic

    topic, entry = max(expertise_by_topic(commons).items(), key=lambda item: len(item[1].experts))
    first = paths.topic_page(paths.topic_slugs(list(commons.topics))[topic])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_module, "PAGE_LIST_LIMIT", 1)  # one card a level, everyone else by name
        page = html(build_site_plan(commons, today=TODAY), first)
    levels = by_level(entry.experts)
    assert any(len(group) > 1 for _, group in levels)
    for level, group in levels:
        part = page.split(f'id="people-{level}"', 1)[1].split("<h3", 1)[0].split("<h2", 1)[0]
        linked = set(re.findall(r'href="[./]*members/([^/"]+)/"', part))
        assert {e.member.id for e in group} <= linked, level
        assert ("pc-people-more" in part) == (len(group) > 1)
