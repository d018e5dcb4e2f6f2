"""What each page's render reads (``practice_commons.reads``).

``serve`` renders again, after a front-matter edit, only the pages whose last render read an entity that
changed (``rebuild.Rebuild.may_differ``). So a page that shows an entity must record reading it, however it
came to show it: a template, a macro whose output was kept from another page, a picture drawn in Python.
"""

from __future__ import annotations

from collections import Counter

import pytest
from markupsafe import escape

from practice_commons import build_commons, reads
from practice_commons import model as m
from practice_commons.render import build_site_plan

from .conftest import ROOT


@pytest.fixture(scope="module")
def demo():
    return build_commons(ROOT / "content")


def _entities(commons: m.Commons) -> list[m.Entity]:
    return [*commons.communities.values(), *commons.members.values(), *commons.artefacts.values(),
            *commons.events.values(), *commons.stories.values()]  # fmt: skip


def test_every_page_that_shows_an_entity_s_title_records_reading_it(demo):
    plan = build_site_plan(demo.commons, pages=demo.pages, track=True)
    plan.render_all()  # one process at the demo's size: kept macros and links serve many pages
    entities = _entities(demo.commons)
    titles = Counter(str(escape(entity.title)) for entity in entities)
    # A title that only one entity has, as the whole text of an element (a link, a list item, a node's label).
    telling = [(entity, f">{escape(entity.title)}<") for entity in entities]
    telling = [(entity, title) for entity, title in telling if titles[title[1:-1]] == 1]
    shown = 0
    for path, page in plan.pages.items():
        before, after = plan.html(page)
        read = set(reads.unpack(plan.reads[path]))
        for entity, title in telling:
            if title in before or title in after:
                shown += 1
                assert reads.numbers([entity.path]) <= read, f"{path} shows {entity.path} and did not record it"
    assert shown > 500  # the check saw pages of every kind show other entities


def test_recording_leaves_entities_as_they_were_and_a_one_off_plan_records_nothing(demo):
    member = next(iter(demo.commons.members.values()))
    with reads.recording() as outer:
        with reads.recording() as inner:
            assert member.title
        assert member.path in inner
    assert member.path in outer  # what an inner recording read, the outer read too
    assert "__getattribute__" not in vars(m.Entity)  # no cost once recording ends
    plan = build_site_plan(demo.commons, pages=demo.pages)
    plan.render_all()
    assert plan.reads == {}


def test_the_day_the_commons_is_read_on_is_part_of_the_plans_world():
    """A page's template reads ``today`` (an overdue review): the same values and entities render another page the
    next day, so a rebuild on another day renders every page (``Rebuild.may_differ``)."""
    import datetime as dt

    from practice_commons.rebuild import _same

    commons = build_commons(ROOT / "content").commons
    playbook = commons.artefacts["anonymisation-playbook"]
    due = playbook.spec.review_by
    before, after = (build_site_plan(commons, today=due + dt.timedelta(days=days), track=True) for days in (-1, 1))
    assert _same(before.inputs(playbook.path), after.inputs(playbook.path))  # its values do not tell
    assert before.packed(before.pages[playbook.path]).html != after.packed(after.pages[playbook.path]).html
    assert before.world() != after.world()
    assert (
        build_site_plan(commons, today=due, track=True).world()
        == build_site_plan(commons, today=due, track=True).world()
    )
