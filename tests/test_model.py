"""The resolved commons links every reference in both directions."""

from __future__ import annotations

import datetime as dt

from practice_commons import build_commons
from practice_commons.model import build_date

from .conftest import write_commons


def test_relations_run_both_ways(commons_dir):
    commons = build_commons(commons_dir, today=dt.date(2026, 1, 1)).commons
    ana, ben, cleo = (commons.members[i] for i in ("ana", "ben", "cleo"))
    field = commons.communities["fieldwork"]
    guide, checklist = commons.artefacts["listing-guide"], commons.artefacts["listing-checklist"]

    assert field.coordinators == (ana,)
    assert field.core_group == (ana, ben)
    assert field.sponsors == (cleo,)
    assert dict(field.members_by_role) == {"coordinator": (ana,), "core": (ben,), "sponsor": (cleo,)}
    assert [(c.id, role) for c, role in ben.memberships] == [("fieldwork", "core"), ("data", "active")]

    assert guide.authors == (ana,) and ana.authored == (guide,)
    assert ben.reviewed == (guide,)
    assert ben.mentors == (ana,) and ana.mentees == (ben,)
    assert [q.id for q in field.open_questions] == ["training"]
    assert field.key_questions[0].answered_by == (guide,)
    assert checklist.lineage == (guide,) and guide.derivatives == (checklist,)
    assert {(rel, e.id) for rel, e in guide.referenced_by} == {
        ("related", "listing-checklist"),
        ("derived_from", "listing-checklist"),
    }
    clinic = commons.events["2026-03-01-clinic"]
    assert ana.hosted == (clinic,) and field.events == (clinic,)
    assert ("output_of", clinic) in checklist.referenced_by
    story = commons.stories["faster-listing"]
    assert ben.narrated == (story,) and field.stories == (story,)
    assert [e.entity for e in story.steps[1].evidence] == [checklist, None]
    assert ("evidence_for", story) in checklist.referenced_by
    assert field.terms == (commons.terms["enumerator"],)


def test_topics_share_one_canonical_label(commons_dir):
    commons = build_commons(commons_dir).commons
    assert commons.members["ana"].expertise == (("Anonymisation", "expert"),)
    assert commons.members["ben"].expertise == (("Anonymisation", "practitioner"),)
    assert [m.id for m in commons.topics["Anonymisation"]] == ["ana", "ben"]


def test_private_fields_are_never_public(commons_dir):
    ana = build_commons(commons_dir).commons.members["ana"]
    assert ana.spec.contact.email == "ana@example.org"
    assert ana.spec.contact.phone is None and "+33 1 23" not in repr(ana.spec)


def test_source_date_epoch_is_the_day_the_commons_is_read_on(commons_dir, monkeypatch):
    """Reproducible builds: the same content and ``SOURCE_DATE_EPOCH`` give the same overdue reviews."""
    write_commons(
        commons_dir, {"practice/fieldwork/due.md": "---\ntitle: Due\ntype: faq\nreview_by: 2026-06-01\n---\n"}
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 5, 31, 12, tzinfo=dt.UTC).timestamp())))
    assert build_date() == dt.date(2026, 5, 31)
    assert not [p for p in build_commons(commons_dir).problems if "review was due" in p.message]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 6, 2, tzinfo=dt.UTC).timestamp())))
    (due,) = [p for p in build_commons(commons_dir).problems if "review was due" in p.message]
    assert due.path == "practice/fieldwork/due.md"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")  # ignored, as reproducible-builds tools do
    assert build_date() == dt.date.today()
