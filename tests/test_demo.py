"""The demo commons is what a newcomer sees first: it must be rich, clean and build strictly."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

from practice_commons import Severity, build_commons
from practice_commons.vocabulary import ARTEFACT_TYPES

from .conftest import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def test_demo_commons_has_no_errors_or_warnings():
    result = build_commons(ROOT / "content")
    assert [str(p) for p in result.problems if p.severity is not Severity.NOTICE] == []


def test_demo_commons_is_big_and_varied_enough():
    commons = build_commons(ROOT / "content").commons
    assert len(commons.communities) >= 5
    assert len({c.spec.stage for c in commons.communities.values()}) >= 5
    assert len(commons.members) >= 30
    assert len(commons.artefacts) >= 60
    assert set(Counter(a.spec.type for a in commons.artefacts.values())) == set(ARTEFACT_TYPES)
    assert len(commons.events) >= 15
    starts = [e.start_date.isoformat() for e in commons.events.values()]
    assert min(starts) < "2026-11-26" < max(starts)  # past and upcoming
    assert len(commons.stories) >= 5 and all(len(s.steps) >= 3 for s in commons.stories.values())
    assert len(commons.terms) >= 10


def test_demo_site_builds_strict_with_mkdocs_and_properdocs(tmp_path):
    for runner in ("mkdocs", "properdocs"):
        site = tmp_path / runner
        command = [sys.executable, "-m", runner, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=300)
        assert run.returncode == 0, run.stderr
        assert "WARNING" not in run.stderr
        assert (site / "communities/field-methods/index.html").is_file()
