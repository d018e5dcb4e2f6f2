"""A new community's page invites people in instead of showing empty headings; counts read right in each language."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from practice_commons import build_commons
from practice_commons.cli import main
from practice_commons.render import build_site_plan
from practice_commons.render.i18n import Labels

from .conftest import write_commons

TODAY = dt.date(2026, 11, 27)


def community_page(root, language: str) -> str:
    result = build_commons(root)
    plan = build_site_plan(result.commons, language=language, today=TODAY, pages=result.pages)
    return html.unescape(plan.pages["communities/harbour/index.md"].markdown)


@pytest.fixture
def new_community(tmp_path, monkeypatch):
    """A community just made with `commons new community`, with nobody, no practice, no events, no stories."""
    root = write_commons(tmp_path / "content", {"index.md": "# Home\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["new", "community", "harbour"]) == 0
    return root


@pytest.mark.parametrize(
    ("language", "people", "practice"),
    [
        ("en", "Nobody has joined this community yet.", "No practice written down yet."),
        ("fr", "Personne n'a encore rejoint cette communauté.", "Aucune pratique n'est encore écrite."),
    ],
)
def test_empty_community_says_what_to_do_next_in_its_language(new_community, language, people, practice):
    page = community_page(new_community, language)
    assert people in page and practice in page
    assert "commons new member" in page and "--community harbour" in page
    assert "commons new artefact" in page and "commons new event" in page and "commons new story" in page
    assert "<ul>\n</ul>" not in page  # no empty list under a heading (the hidden event lists are for commons.js)


def test_scaffolded_community_publishes_no_placeholder_rhythm_or_question(new_community):
    assert main(["validate", str(new_community), "--strict"]) == 0
    page = community_page(new_community, "en")
    assert "monthly" not in page and "first question" not in page and "Why the organisation should care" not in page


def test_community_with_people_and_practice_shows_no_invitation(commons_dir):
    result = build_commons(commons_dir)
    plan = build_site_plan(result.commons, today=TODAY, pages=result.pages)
    page = plan.pages["communities/fieldwork/index.md"].markdown
    assert "Nobody has joined" not in page and "No practice written down" not in page


@pytest.mark.parametrize(
    ("language", "key", "one", "many"),
    [
        ("en", "artefacts_count", "1 artefact", "2 artefacts"),
        ("en", "members_count", "1 member", "3 members"),
        ("fr", "artefacts_count", "1 artefact", "2 artefacts"),
        ("fr", "members_count", "1 membre", "3 membres"),
        ("en", "attendance", "1 person attended", "2 people attended"),
        ("fr", "demonstrated_count", "1 artefact rédigé ou relu", "2 artefacts rédigés ou relus"),
    ],
)
def test_counts_agree_with_their_number(language, key, one, many):
    t = Labels(language)
    assert t(key, count=1) == one
    assert t(key, count=int(many.split()[0])) == many
