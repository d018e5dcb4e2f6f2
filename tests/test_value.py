"""The value table filled with stories, how far stories reach, and a vocabulary an organisation configures."""

from __future__ import annotations

import datetime as dt

import pytest

from practice_commons import Severity, build_commons
from practice_commons.analyse.value import reach, reached, value_table
from practice_commons.vocabulary import VALUE_TABLE, ValueTable

from .conftest import SMALL_COMMONS, write_commons

TODAY = dt.date(2026, 11, 27)
STORY = SMALL_COMMONS["success-stories/faster-listing.md"]


def _commons(tmp_path, files=None, values: ValueTable | None = None):
    root = write_commons(tmp_path / "content", {**SMALL_COMMONS, **(files or {})})
    return build_commons(root, today=TODAY, values=values)


@pytest.mark.parametrize("cell", list(VALUE_TABLE))
def test_a_story_fills_the_cell_of_its_value_and_leaves_the_others_empty(tmp_path, cell):
    tag = VALUE_TABLE[cell][-1]
    result = _commons(tmp_path, {"success-stories/faster-listing.md": STORY.replace("[time-saved]", f"[{tag}]")})
    cells = {(c.value_for, c.horizon): c for c in value_table(result.commons.stories.values())}
    assert list(cells) == list(VALUE_TABLE)  # the guide's order: members before organisation, short before long
    for key, found in cells.items():
        assert [s.id for s in found.stories] == (["faster-listing"] if key == cell else [])
        assert [t for t, _ in found.values] == list(VALUE_TABLE[key])  # empty values stay, to show what is untold
    assert dict(cells[cell].values)[tag][0].id == "faster-listing"


def test_a_story_with_values_in_two_cells_fills_both(tmp_path):
    story = STORY.replace("[time-saved]", "[time-saved, networking]")
    cells = value_table(_commons(tmp_path, {"success-stories/faster-listing.md": story}).commons.stories.values())
    assert [(c.value_for, c.horizon) for c in cells if c.stories] == [
        ("members", "long-term"), ("organisation", "short-term"),
    ]  # fmt: skip


def test_reach_counts_every_cycle_a_story_climbed(tmp_path):
    commons = _commons(tmp_path).commons
    found = reach(commons.communities["fieldwork"], TODAY)
    assert found.furthest == "applied"
    assert {cycle: [s.id for s in stories] for cycle, stories in found.by_cycle} == {
        "immediate": ["faster-listing"], "potential": ["faster-listing"], "applied": ["faster-listing"],
        "realized": [], "reframing": [],
    }  # fmt: skip
    assert reach(commons.communities["data"], TODAY).furthest is None


def test_an_aspiration_reaches_only_its_steps_dated_by_today(tmp_path):
    story = STORY.replace("        value: [time-saved]\n", "        status: aspiration\n        value: [time-saved]\n")
    story = story.replace(
        "text: Ben asked at the clinic.", "text: Ben asked at the clinic.\n            when: 2026-03-01"
    )
    s = _commons(tmp_path, {"success-stories/faster-listing.md": story}).commons.stories["faster-listing"]
    assert reached(s, TODAY) == "immediate"
    assert reached(s, dt.date(2026, 2, 1)) is None


# -- a configured vocabulary -------------------------------------------------------------

OWN = {
    "organisation": {
        "short-term": [{"tag": "fewer-tickets", "en": "Fewer support tickets", "fr": "Moins de tickets"}, "uptime"],
    }
}


def test_a_configured_value_replaces_the_guides_in_its_cell():
    table = ValueTable.from_option(OWN)
    assert table.cells[("organisation", "short-term")] == ("fewer-tickets", "uptime")
    assert table.cells[("members", "short-term")] == VALUE_TABLE[("members", "short-term")]  # the rest: the guide's
    assert table.labels == {"fewer-tickets": {"en": "Fewer support tickets", "fr": "Moins de tickets"}}
    assert table.cell_of("uptime") == ("organisation", "short-term")


def test_story_tags_are_checked_against_the_configured_vocabulary_with_did_you_mean(tmp_path):
    table = ValueTable.from_option(OWN)
    ok = _commons(tmp_path / "a", {"success-stories/faster-listing.md": STORY.replace("[time-saved]", "[uptime]")},
                  values=table)  # fmt: skip
    assert [p for p in ok.problems if p.severity is Severity.ERROR] == []
    cells = value_table(ok.commons.stories.values(), table)
    assert [t for c in cells if c.stories for t, s in c.values if s] == ["uptime"]
    slip = STORY.replace("[time-saved]", "[fewer-tickts]")
    bad = _commons(tmp_path / "b", {"success-stories/faster-listing.md": slip}, values=table)
    problem = next(p for p in bad.problems if p.severity is Severity.ERROR)
    assert problem.path == "success-stories/faster-listing.md" and problem.line == 5
    assert "'fewer-tickts' is not in the value table" in problem.message
    assert problem.hint == "did you mean 'fewer-tickets'?"


def test_the_guides_tag_is_refused_once_the_organisation_replaced_it(tmp_path):
    result = _commons(tmp_path, values=ValueTable.from_option(OWN))  # faster-listing says time-saved
    problem = next(p for p in result.problems if p.severity is Severity.ERROR)
    assert "'time-saved' is not in the value table" in problem.message and "fewer-tickets" in problem.hint


def test_the_default_vocabulary_suggests_the_nearest_tag(tmp_path):
    result = _commons(tmp_path, {"success-stories/faster-listing.md": STORY.replace("[time-saved]", "[retention]")})
    problem = next(p for p in result.problems if p.severity is Severity.ERROR)
    assert problem.hint == "did you mean 'talent-retention'?"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"member": {}}, "'member' is not one of: members, organisation"),
        ({"members": {"short": []}}, "'short' is not one of: short-term, long-term"),
        ({"members": {"short-term": "confidence"}}, "should be a list"),
        ({"members": {"short-term": [{"en": "No tag"}]}}, "each value needs a tag"),
        ({"members": {"short-term": ["innovation"]}}, "innovation appears in more than one cell"),
    ],
)
def test_a_misshapen_value_table_option_says_what_is_wrong(option, message):
    with pytest.raises(ValueError, match=message):
        ValueTable.from_option(option)


def test_a_story_that_stays_in_one_cycle_is_a_testimonial_warning_with_a_hint(tmp_path):
    story = STORY.split("          - cycle: applied")[0] + "        ---\n"
    result = _commons(tmp_path, {"success-stories/faster-listing.md": story})
    [problem] = [p for p in result.problems if p.severity is Severity.WARNING]
    assert (problem.path, problem.line) == ("success-stories/faster-listing.md", 6)
    assert "reads as a testimonial" in problem.message and "applied" in problem.hint


def test_the_stories_index_filters_by_community_value_and_furthest_cycle(tmp_path):
    from practice_commons.render import build_site_plan

    commons = _commons(tmp_path).commons
    page = build_site_plan(commons, today=TODAY).pages["success-stories/index.md"]
    html = page.before + page.after
    assert 'class="commons-filter"' in html  # the box filters the rows below by any text in them
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "Field Methods" in row and "Time saved" in row and "Applied value" in row
