"""The generated pages show what each kind of page must show, in the site's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from practice_commons import build_commons
from practice_commons.render import build_site_plan
from practice_commons.render.i18n import Labels

from .conftest import ROOT, write_commons

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo():
    return build_commons(ROOT / "content", today=TODAY).commons


@pytest.fixture(scope="module")
def plan(demo):
    return build_site_plan(demo, today=TODAY, content_dir=ROOT / "content")


def test_community_page_shows_open_questions_people_practice_and_events(plan):
    page = plan.pages["communities/field-methods/index.md"]
    assert "**When a phone follow-up replaces a visit, what changes in the answers we get?** — *Open.*" in page
    assert "Contribute one." in page
    assert "**Coordinators:** [Amara Diallo](../../members/amara-diallo.md)" in page
    assert "- **Peripheral:** [Ben Carter](../../members/ben-carter.md)" in page
    assert "### Methods" in page and "### Upcoming events" in page and "### Recent events" in page
    assert "The community is setting its boundaries" in page  # what a maturing community needs next
    assert "## How to join" in page  # the contributor's own Markdown stays


def test_member_page_links_everything_they_did(plan):
    page = plan.pages["members/joseph-mwangi.md"]
    assert (
        "[Household listing when there is no sampling frame](../practice/field-methods/listing-without-a-frame.md)"
        in page
    )
    assert "[Clinic: sampling without a frame](../events/2026-01-20-sampling-clinic.md)" in page
    assert "[A listing that saved the Kisumu sample](../success-stories/listing-saved-the-kisumu-sample.md)" in page
    assert "**Mentees:** [Grace Njeri](grace-njeri.md), [Wanjiru Kamau](wanjiru-kamau.md)" in page


def test_private_fields_appear_on_no_page(plan, demo):
    phones = [m.spec.contact.phone for m in demo.members.values() if "phone" in m.spec.private]
    assert "+254 20 555 0143" in phones and len(phones) == 3
    for path, text in plan.pages.items():
        for phone in phones:
            assert phone not in text, f"{phone!r} published on {path}"
    pedro = demo.members["pedro-alvarez"]
    assert pedro.spec.location == "Lima" and "location" in pedro.spec.private
    header = plan.pages["members/pedro-alvarez.md"].split("## ")[0]
    assert "**Field IT Officer · IT Services**" in header and "Lima" not in header
    assert "pedro.alvarez@tessera.example" in plan.pages["members/pedro-alvarez.md"]  # what is not private shows


def test_artefact_page_marks_status_review_and_backlinks(plan):
    deprecated = plan.pages["practice/mobile-data-collection/solar-charging-kit.md"]
    assert '!!! warning "Deprecated"' in deprecated
    overdue = plan.pages["practice/field-methods/field-safety-checklist.md"]
    assert "was due for review on 30 September 2026" in overdue
    guide = plan.pages["practice/field-methods/listing-without-a-frame.md"]
    assert (
        "[Random walks: why we stopped using the right-hand rule](right-hand-rule-walk.md) — *derived from this*"
        in guide
    )
    assert (
        "[A listing that saved the Kisumu sample](../../success-stories/listing-saved-the-kisumu-sample.md)"
        " — *evidence in*" in guide
    )
    assert "[Clinic: sampling without a frame](../../events/2026-01-20-sampling-clinic.md) — *output of*" in guide
    walk = plan.pages["practice/field-methods/right-hand-rule-walk.md"]
    assert "**Derived from:** [Household listing when there is no sampling frame](listing-without-a-frame.md)" in walk


def test_topic_page_shows_declared_and_demonstrated_expertise(plan):
    page = plan.pages["experts/topics/anonymisation.md"]
    row = next(line for line in page.splitlines() if "priya-raman" in line)
    assert "Expert" in row and "anonymisation-playbook" in row and "Open to questions" in row
    chen = next(line for line in page.splitlines() if "chen-wei" in line)
    assert "| |" in chen.replace("  ", " ")  # no declared level, yet demonstrated by what he wrote
    assert "## Practice on this topic" in page


def test_topics_match_case_and_accent_insensitively(tmp_path):
    files = {
        "communities/c/index.md": "---\ntitle: C\ndomain: D\nstage: potential\n---\n",
        "members/a.md": "---\nname: A\nexpertise: [{topic: Données ouvertes, level: expert}]\n---\n",
        "members/b.md": "---\nname: B\nexpertise: [{topic: donnees ouvertes, level: learning}]\n---\n",
        "practice/c/x.md": "---\ntitle: X\ntype: guide\ntopics: [DONNÉES  OUVERTES]\nauthors: [b]\n---\n",
    }
    commons = build_commons(write_commons(tmp_path, files)).commons
    assert list(commons.topics) == ["Données ouvertes"]
    plan = build_site_plan(commons, today=TODAY)
    assert list(p for p in plan.pages if p.startswith("experts/topics/")) == ["experts/topics/donnees-ouvertes.md"]


def test_listing_pages_are_out_of_search_and_entities_in(plan):
    def meta(path):
        return yaml.safe_load(plan.pages[path].split("---\n")[1])

    assert meta("members/index.md")["search"] == {"exclude": True}
    assert meta("practice/types/method.md")["search"] == {"exclude": True}
    assert "search" not in meta("members/amara-diallo.md")
    assert "search" not in meta("experts/topics/sampling.md")


def test_contributor_index_page_stays_above_generated_content(plan):
    home = plan.pages["index.md"]
    assert home.index("The Tessera Institute does applied research") < home.index("## Start here")


ENGLISH_ONLY = {
    value
    for key, value in Labels("en").table.items()
    if isinstance(value, str) and value != Labels("fr").table[key] and "{" not in value and len(value) > 3
}


def test_french_site_shows_no_english_labels(demo):
    plan = build_site_plan(demo, language="fr", today=TODAY)  # without the English home page's own text
    assert "**Coordonnateurs :**" not in plan.pages["communities/field-methods/index.md"]  # no stray spacing
    assert "**Coordonnateurs:**" in plan.pages["communities/field-methods/index.md"]
    assert "3 février 2026" in plan.pages["practice/field-methods/listing-without-a-frame.md"]
    labels = "|".join(map(re.escape, ENGLISH_ONLY))
    pattern = re.compile(r"(\*\*|##+ |\| |\*)(" + labels + r")(\*\*|:\*\*| \||\*|\n)")
    for path, text in plan.pages.items():
        found = pattern.search(text)
        assert found is None, f"English label {found.group(2)!r} on French page {path}"


def test_templates_are_overridable(demo, tmp_path):
    (tmp_path / "member.md.j2").write_text("# {{ member.title }}\n\nOverridden {{ t('expertise') }}\n")
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.yml").write_text("expertise: Know-how\n")
    plan = build_site_plan(demo, today=TODAY, overrides=tmp_path)
    assert plan.pages["members/amara-diallo.md"].endswith("# Amara Diallo\n\nOverridden Know-how\n")
    assert "## Know-how" not in plan.pages["communities/field-methods/index.md"]
