"""The suite's forked builds answer as a new interpreter would: exit status, output, working directory, environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from . import forkrun


@pytest.mark.parametrize("arguments", [["--version"], ["build", "-f", "nothere.yml"]])
def test_a_forked_run_answers_as_a_new_interpreter_does(tmp_path, arguments):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    fresh = subprocess.run([sys.executable, "-m", "mkdocs", *arguments], cwd=tmp_path, env=env,
                           capture_output=True, text=True)  # fmt: skip
    forked = forkrun.run("mkdocs", arguments, cwd=tmp_path, env=env)
    assert forkrun._zygote.process is not None  # it was forked, not run anew
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert forked.returncode == (2 if "build" in arguments else 0)


def test_a_forked_build_reads_its_own_folder_and_environment(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n\n{{ no macro here }}\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Forked\nsite_url: !ENV [FORKED_URL, 'https://a.example/']\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FORKED_URL": "https://b.example/"}
    run = forkrun.run("mkdocs", ["build", "--strict"], cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert "https://b.example/" in (tmp_path / "site/sitemap.xml").read_text()
    assert "FORKED_URL" not in os.environ  # the test's own process is untouched
