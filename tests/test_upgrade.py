"""A field a release renamed is named with its new name, so an upgrade is a rename, not a hunt."""

from __future__ import annotations

from practice_commons import build_commons, vocabulary

from .conftest import write_commons


def test_a_renamed_field_is_named_with_its_new_name_and_version(commons_dir, monkeypatch):
    monkeypatch.setitem(vocabulary.RENAMED, "community", {"purpose_statement": ("domain", "9.0.0")})
    page = commons_dir / "communities/data/index.md"
    write_commons(commons_dir, {"communities/data/index.md": page.read_text().replace("domain:", "purpose_statement:")})
    problems = [p for p in build_commons(commons_dir).problems if p.path == "communities/data/index.md"]
    assert [(p.line, p.message) for p in problems] == [(3, "unknown key 'purpose_statement'")]  # no "missing domain"
    assert (
        problems[0].hint
        == "'purpose_statement' was renamed 'domain' in version 9.0.0: rename the key (see its upgrade note)"
    )
