"""Shared fixtures: a tiny valid commons that each test can break in one place."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

ROOT = Path(__file__).resolve().parent.parent


#: One page of every type the site has (the home page, each index, each kind of entity page, the embed and a
#: contributor's own page), by site path in the demo: the pages the browser checks open.
DEMO_PAGES = [
    "",  # home
    "communities/",
    "communities/field-methods/",
    "members/",
    "members/amara-diallo/",
    "experts/",
    "experts/units/",
    "experts/topics/anonymisation/",
    "network/",
    "practice/",
    "practice/all/",
    "practice/field-methods/",
    "practice/types/method/",
    "practice/field-methods/listing-without-a-frame/",
    "practice/field-methods/supervision-circle/",  # cover, sections and steps, resources, glossary terms in the text
    "events/",
    "events/2026-01-20-sampling-clinic/",
    "success-stories/",
    "success-stories/buddies-keep-newcomers/",
    "glossary/",
    "glossary/paradata/",
    "value/",
    "health/",
    "api/",
    "accessibility/",  # the demo's accessibility statement: a contributor's page, as the site's own pages are
    "embed/field-methods/",
]

# Hypothesis profiles, loaded here so that every property test follows them (a test module's own `settings`
# decorator takes its defaults from the profile loaded when it is imported). `ci` (make test) is derandomised,
# so a run cannot flake, and reports a failing example as found without shrinking it (shrinking these large
# inputs can take minutes); `release` explores at random (see tests/test_properties.py).
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
_TIMELY = dt.timedelta(seconds=5)
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=_TIMELY,
    suppress_health_check=_QUIET,
    phases=[Phase.explicit, Phase.generate],
)
settings.register_profile("release", derandomize=False, database=None, deadline=_TIMELY, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
#: The day the test builds read the commons on (``SOURCE_DATE_EPOCH``): the demo's events stay upcoming or past
#: as its tests expect, whatever the date the suite runs on. 2026-11-27 00:00 UTC.
BUILD_EPOCH = "1795737600"
# Every build in the suite, in this process or a new one, reads the commons on that day: a test that compares
# two builds (one from the session's demo build, one of its own) must not see the date change between them.
os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH

SMALL_COMMONS = {
    "index.md": "# Home\n",
    "communities/fieldwork/index.md": """
        ---
        title: Field Methods
        domain: Collecting good data in the field.
        stage: maturing
        key_questions:
          - id: sampling
            question: How do we sample households without a register?
          - id: training
            question: How do we train enumerators in two days?
        coordinators: [ana]
        core_group: [ben]
        sponsors: [cleo]
        ---
        # Field Methods
        """,
    "communities/data/index.md": """
        ---
        title: Data Stewardship
        domain: Looking after data.
        stage: potential
        ---
        """,
    "members/ana.md": """
        ---
        name: Ana Silva
        expertise:
          - {topic: Anonymisation, level: expert}
        memberships:
          - {community: fieldwork, role: coordinator}
        private: [phone]
        contact: {email: ana@example.org, phone: "+33 1 23"}
        ---
        """,
    "members/ben.md": """
        ---
        name: Ben Okafor
        expertise:
          - {topic: anonymisation, level: practitioner}
        memberships:
          - {community: data, role: active}
        mentors: [ana]
        ---
        """,
    "members/cleo.md": """
        ---
        name: Cléo Martin
        ---
        """,
    "practice/fieldwork/listing-guide.md": """
        ---
        title: Listing households without a register
        type: method
        authors: [ana]
        reviewers: [ben]
        topics: [Sampling]
        answers: [sampling]
        created: 2025-01-10
        ---
        Walk the area, list every dwelling.
        """,
    "practice/fieldwork/listing-checklist.md": """
        ---
        title: Listing checklist
        type: template
        authors: ben
        derived_from: listing-guide
        related: [listing-guide]
        ---
        """,
    "events/2026-03-01-clinic.md": """
        ---
        title: Sampling clinic
        community: fieldwork
        kind: clinic
        start: 2026-03-01 14:00
        end: 2026-03-01 16:00
        timezone: Europe/Paris
        hosts: [ana]
        outputs: [listing-checklist]
        ---
        """,
    "success-stories/faster-listing.md": """
        ---
        title: Faster listing
        communities: [fieldwork]
        narrators: [ben]
        value: [time-saved]
        steps:
          - cycle: immediate
            text: Ben asked at the clinic.
            evidence: [event:2026-03-01-clinic]
          - cycle: applied
            text: The team used the checklist.
            evidence: [listing-checklist, "metric: two days saved per district"]
        ---
        """,
    "glossary/enumerator.md": """
        ---
        term: Enumerator
        communities: [fieldwork]
        ---
        """,
}


def write_commons(root: Path, files: dict[str, str | None]) -> Path:
    """Write ``files`` (path -> text, dedented; None deletes) under ``root``."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def commons_dir(tmp_path: Path) -> Path:
    """A small valid commons in ``tmp_path/content``."""
    return write_commons(tmp_path / "content", SMALL_COMMONS)


def run_build(config: Path, site: Path, runner: str = "mkdocs", cwd: Path = ROOT, strict: bool = True):
    """Build ``config`` into ``site`` in a new process, as CI does (forked from one that has imported MkDocs)."""
    from .forkrun import run

    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
    }
    arguments = ["build", "-f", str(config), "-d", str(site)] + (["--strict"] if strict else [])
    return run(runner, arguments, cwd=cwd, env=env, timeout=600)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo commons built once, strictly, with the plugin."""
    site = tmp_path_factory.mktemp("demo") / "site"
    run = run_build(ROOT / "mkdocs.yml", site)
    assert run.returncode == 0, run.stderr
    return site


@pytest.fixture(scope="session")
def french_demo_site(tmp_path_factory) -> Path:
    """The demo commons in French (``theme.language: fr``) built once, strictly, with the plugin."""
    tmp = tmp_path_factory.mktemp("demo-fr")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", "language: fr")
    text = text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    text = text.replace("custom_dir: site_templates", f"custom_dir: {ROOT / 'site_templates'}")
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")
    run = run_build(tmp / "mkdocs.yml", tmp / "site", cwd=tmp)
    assert run.returncode == 0, run.stderr
    return tmp / "site"
