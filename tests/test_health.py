"""Each success factor of the guide, on small commons built to pass it and to fail it."""

from __future__ import annotations

import datetime as dt

import pytest

from practice_commons import Severity, build_commons
from practice_commons.analyse.health import IN_PLACE, NOT_YET, PARTLY, TOO_EARLY, Health, health

from .conftest import SMALL_COMMONS, write_commons

TODAY = dt.date(2026, 11, 27)
FIELDWORK = SMALL_COMMONS["communities/fieldwork/index.md"]


def _check(tmp_path, files: dict[str, str | None], community: str = "fieldwork", today: dt.date = TODAY) -> Health:
    root = write_commons(tmp_path / "content", {**SMALL_COMMONS, **files})
    result = build_commons(root, today=today)
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    return health(result.commons.communities[community], today)


def _status(h: Health, factor: str) -> str:
    return next(f.status for f in h.factors if f.id == factor)


def _keys(h: Health, factor: str) -> list[str]:
    return [e.key for f in h.factors if f.id == factor for e in f.evidence]


def _community(extra: str) -> dict[str, str]:
    """The fieldwork community with ``extra`` front-matter lines."""
    return {
        "communities/fieldwork/index.md": FIELDWORK.replace(
            "        sponsors: [cleo]\n", "        sponsors: [cleo]\n" + extra
        )
    }


def _member(ident: str, name: str, role: str, community: str = "fieldwork", extra: str = "") -> dict[str, str]:
    return {
        f"members/{ident}.md": f"---\nname: {name}\nmemberships:\n  - {{community: {community}, role: {role}}}\n"
        f"{extra}---\n"
    }


def _event(day: str, kind: str = "clinic", community: str = "fieldwork", hosts: str = "[ana]") -> dict[str, str]:
    return {
        f"events/{day}-{kind}-{community}.md": f"---\ntitle: A {kind}\ncommunity: {community}\nkind: {kind}\n"
        f"start: {day}\nhosts: {hosts}\n---\n"
    }


# -- community side -------------------------------------------------------------------


def test_domain_is_in_place_with_answered_key_questions_and_a_core_group_of_three(tmp_path):
    files = {**_member("dan", "Dan Roy", "active")}
    files["communities/fieldwork/index.md"] = FIELDWORK.replace("core_group: [ben]", "core_group: [ben, dan]")
    files["members/dan.md"] = "---\nname: Dan Roy\n---\n"
    assert _status(_check(tmp_path, files), "domain") == IN_PLACE


def test_domain_is_partly_there_with_a_core_group_of_two(tmp_path):
    h = _check(tmp_path, {})
    assert _status(h, "domain") == PARTLY
    assert _keys(h, "domain") == ["questions", "core"]


def test_domain_is_not_yet_there_without_key_questions_or_core_group(tmp_path):
    h = _check(tmp_path, {}, community="data")
    assert _status(h, "domain") == NOT_YET
    assert _keys(h, "domain") == ["no_questions", "no_core"]


def test_coordinator_with_a_mentee_is_in_place(tmp_path):
    h = _check(tmp_path, {})  # ben names ana as his mentor
    assert _status(h, "coordinator") == IN_PLACE
    assert "mentees" in _keys(h, "coordinator")


def test_coordinator_without_mentee_or_second_coordinator_is_partly_there(tmp_path):
    ben = SMALL_COMMONS["members/ben.md"].replace("        mentors: [ana]\n", "")
    h = _check(tmp_path, {"members/ben.md": ben})
    assert _status(h, "coordinator") == PARTLY
    assert "no_successor" in _keys(h, "coordinator")


def test_a_second_coordinator_counts_as_a_successor(tmp_path):
    ben = SMALL_COMMONS["members/ben.md"].replace("        mentors: [ana]\n", "")
    files = {"members/ben.md": ben}
    files["communities/fieldwork/index.md"] = FIELDWORK.replace("coordinators: [ana]", "coordinators: [ana, ben]")
    assert _status(_check(tmp_path, files), "coordinator") == IN_PLACE


def test_no_coordinator_is_not_yet(tmp_path):
    assert _status(_check(tmp_path, {}, community="data"), "coordinator") == NOT_YET


def test_an_expert_who_hosted_this_year_is_expert_participation(tmp_path):
    h = _check(tmp_path, {})  # ana, an expert, hosted the March clinic
    factor = next(f for f in h.factors if f.id == "experts")
    assert factor.status == IN_PLACE and factor.dated
    assert [x.id for x in factor.evidence[0].values["names"]] == ["ana"]


def test_experts_quiet_for_twelve_months_are_partly_there(tmp_path):
    h = _check(tmp_path, {}, today=dt.date(2027, 6, 1))
    assert _status(h, "experts") == PARTLY
    assert _keys(h, "experts") == ["experts_quiet"]


def test_a_sponsor_is_not_counted_as_a_quiet_expert(tmp_path):
    cleo = "---\nname: Cléo Martin\nexpertise:\n  - {topic: Budgets, level: expert}\n---\n"
    h = _check(tmp_path, {"members/cleo.md": cleo})  # cleo sponsors fieldwork and took part in nothing
    assert _keys(h, "experts") == ["experts_active"]


def test_no_expert_is_not_yet(tmp_path):
    assert _status(_check(tmp_path, {}, community="data"), "experts") == NOT_YET


def test_practice_reviewed_answered_and_not_overdue_is_in_place(tmp_path):
    h = _check(tmp_path, {})
    assert _status(h, "practice") == IN_PLACE
    assert _keys(h, "practice") == ["reviewed", "no_overdue", "answered"]


def test_an_overdue_review_makes_practice_partly_there_and_names_the_artefact(tmp_path):
    checklist = SMALL_COMMONS["practice/fieldwork/listing-checklist.md"].replace(
        "        authors: ben\n", "        authors: ben\n        review_by: 2026-06-01\n"
    )
    h = _check(tmp_path, {"practice/fieldwork/listing-checklist.md": checklist})
    factor = next(f for f in h.factors if f.id == "practice")
    assert factor.status == PARTLY and factor.dated
    overdue = next(e for e in factor.evidence if e.key == "overdue")
    assert [a.id for a in overdue.values["names"]] == ["listing-checklist"] and overdue.values["date"] == TODAY


def test_no_artefact_is_not_yet(tmp_path):
    assert _status(_check(tmp_path, {}, community="data"), "practice") == NOT_YET


def test_regular_events_of_several_kinds_are_a_good_rhythm(tmp_path):
    files = {**_event("2026-05-05"), **_event("2026-07-07", "workshop"), **_event("2026-09-08")}
    h = _check(tmp_path, files)
    assert _status(h, "rhythm") == IN_PLACE
    assert len(h.rhythm.last_year) == 4 and h.rhythm.gaps == ()


def test_a_pause_far_longer_than_the_usual_interval_is_flagged(tmp_path):
    files = {**_event("2026-04-01", "workshop"), **_event("2026-05-01"), **_event("2026-11-20")}
    h = _check(tmp_path, files)
    gap = h.rhythm.gaps[0]
    assert (gap.after.start_date, gap.before.start_date, gap.days) == (dt.date(2026, 5, 1), dt.date(2026, 11, 20), 203)
    assert "gap" in _keys(h, "rhythm")


def test_silence_since_the_last_event_is_an_ongoing_gap_and_the_rhythm_is_partly_there(tmp_path):
    files = {**_event("2026-04-01", "workshop"), **_event("2026-05-01")}
    h = _check(tmp_path, files)
    assert h.rhythm.ongoing_gap is not None and h.rhythm.ongoing_gap.days == 210
    assert _status(h, "rhythm") == PARTLY
    assert "gap_ongoing" in _keys(h, "rhythm") and "no_next" in _keys(h, "rhythm")


def test_a_young_community_with_few_events_is_too_early_to_tell(tmp_path):
    files = _community("        founded: 2026-10-01\n")
    files.update(_event("2026-10-15"))
    files["events/2026-03-01-clinic.md"] = SMALL_COMMONS["events/2026-03-01-clinic.md"].replace(
        "community: fieldwork", "community: data"
    )
    assert _status(_check(tmp_path, files), "rhythm") == TOO_EARLY


def test_no_event_this_year_and_none_planned_is_not_yet(tmp_path):
    assert _status(_check(tmp_path, {}, community="data"), "rhythm") == NOT_YET


# -- organisation side -----------------------------------------------------------------


def test_relevance_needs_a_value_proposition_and_business_problems(tmp_path):
    both = "        value_proposition: Better data.\n        business_problems: [Late surveys]\n"
    assert _status(_check(tmp_path / "a", _community(both)), "relevance") == IN_PLACE
    one = "        value_proposition: Better data.\n"
    assert _status(_check(tmp_path / "b", _community(one)), "relevance") == PARTLY
    assert _status(_check(tmp_path / "c", {}), "relevance") == NOT_YET


def test_sponsorship_is_a_named_sponsor(tmp_path):
    assert _status(_check(tmp_path, {}), "sponsorship") == IN_PLACE
    assert _status(_check(tmp_path, {}, community="data"), "sponsorship") == NOT_YET


def test_resources_declared_with_time_and_budget_are_in_place(tmp_path):
    both = "        resources: {time: a day a week, budget: EUR 2000}\n"
    h = _check(tmp_path / "a", _community(both))
    assert _status(h, "resources") == IN_PLACE
    assert _keys(h, "resources") == ["resource_time", "resource_budget"]
    assert _status(_check(tmp_path / "b", _community("        resources: {budget: EUR 2000}\n")), "resources") == PARTLY
    assert _status(_check(tmp_path / "c", {}), "resources") == NOT_YET


def test_value_is_visible_once_a_story_reaches_applied_value(tmp_path):
    assert _status(_check(tmp_path, {}), "value") == IN_PLACE  # faster-listing reaches applied


def test_a_story_that_stops_at_immediate_value_is_partly_there(tmp_path):
    story = SMALL_COMMONS["success-stories/faster-listing.md"].split("          - cycle: applied")[0] + "        ---\n"
    h = _check(tmp_path, {"success-stories/faster-listing.md": story})
    assert _status(h, "value") == PARTLY and _keys(h, "value") == ["stories_near"]


def test_an_aspirations_undated_steps_do_not_count_as_reached(tmp_path):
    story = SMALL_COMMONS["success-stories/faster-listing.md"].replace(
        "        value: [time-saved]\n", "        status: aspiration\n        value: [time-saved]\n"
    )
    h = _check(tmp_path, {"success-stories/faster-listing.md": story})
    assert _status(h, "value") == PARTLY
    assert _keys(h, "value") == ["stories_near", "aspirations"]


def test_no_story_is_not_yet(tmp_path):
    assert _status(_check(tmp_path, {}, community="data"), "value") == NOT_YET


# -- participation rings ---------------------------------------------------------------


def _crowd(active: int, peripheral: int) -> dict[str, str]:
    files: dict[str, str] = {}
    for i in range(active):
        files.update(_member(f"active-{i}", f"Active {i}", "active"))
    for i in range(peripheral):
        files.update(_member(f"edge-{i}", f"Edge {i}", "peripheral"))
    return files


@pytest.mark.parametrize(
    ("active", "peripheral", "signal"),
    [(1, 1, "small"), (3, 10, "usual"), (2, 20, "core_thin"), (10, 2, "periphery_small"), (1, 12, "active_thin")],
)
def test_participation_rings_are_set_beside_the_rule_of_thumb(tmp_path, active, peripheral, signal):
    rings = _check(tmp_path, _crowd(active, peripheral)).rings
    assert (rings.core, rings.active, rings.periphery) == (2, active, peripheral)
    assert rings.signal == signal


def test_every_factor_is_read_in_the_guides_order(tmp_path):
    h = _check(tmp_path, {})
    assert [f.id for f in h.factors] == [
        "domain", "coordinator", "experts", "practice", "rhythm", "relevance", "sponsorship", "resources", "value",
    ]  # fmt: skip
    assert {f.side for f in h.factors[:5]} == {"community"} and {f.side for f in h.factors[5:]} == {"organisation"}
    assert h.next_step(h.factors[0]) == "health_next_domain_grown"  # maturing: an established community
