"""`make test` on a fresh machine: Chromium installed where it can be, else one line saying what to install."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
HINT = "install it (sudo apt-get install chromium) and run make test again"


def _browser(**variables: str) -> subprocess.CompletedProcess:
    # Only the `browser` step: it runs before the virtual environment is made, and touches nothing else.
    command = ["make", "-s", "--no-print-directory", "browser"] + [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_without_chromium_and_without_root_make_test_stops_with_one_line():
    run = _browser(CHROMIUM="/nonexistent/chromium", USER_ID="1000")
    assert run.returncode != 0 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and HINT in run.stderr and "Traceback" not in run.stderr


def test_as_root_make_test_installs_chromium_and_says_what_to_install_if_that_fails():
    run = _browser(CHROMIUM="/nonexistent/chromium", USER_ID="0", APT_GET="false")
    assert run.stdout.strip() == "make test: installing Chromium for the browser tests (false install -y chromium)"
    assert run.returncode != 0 and len(run.stderr.splitlines()) == 1 and HINT in run.stderr


def test_with_chromium_present_nothing_is_installed(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    run = _browser(CHROMIUM=str(fake), USER_ID="0", APT_GET="false")
    assert run.returncode == 0 and run.stdout == "" and run.stderr == ""
