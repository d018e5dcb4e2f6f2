"""A release carries everything the plugin reads at run time, and works installed from its wheel alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "plugins" / "practice_commons"
#: The folders the plugin reads as data: templates, labels, CSS/JS, scaffolds, theme partials, `commons init`'s files.
DATA = ("templates", "locales", "assets", "scaffolds", "theme", "starter")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def data_files() -> set[str]:
    return {
        p.relative_to(PACKAGE.parent).as_posix()
        for folder in DATA
        for p in (PACKAGE / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_version_is_semantic_and_has_its_changelog_entry():
    version = project()["version"]
    assert SEMVER.match(version), version
    assert re.search(rf"^## {re.escape(version)}\b", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """`python -m build` on a clean copy of the sources (the work tree stays free of build/ and egg-info)."""
    base = tmp_path_factory.mktemp("release")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = base / "dist"
    run = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=600
    )
    if run.returncode != 0 and "No module named build" in run.stderr:
        pytest.skip("the build package is not installed (a test extra)")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out


def test_wheel_and_sdist_carry_every_template_locale_asset_and_scaffold(dist):
    version = project()["version"]
    wheel = zipfile.ZipFile(dist / f"practice_commons-{version}-py3-none-any.whl")
    in_wheel = set(wheel.namelist())
    assert data_files() - in_wheel == set()
    sdist = tarfile.open(dist / f"practice_commons-{version}.tar.gz")
    prefix = f"practice_commons-{version}/plugins/"
    in_sdist = {name.removeprefix(prefix) for name in sdist.getnames()}
    assert data_files() - in_sdist == set()


def test_installed_wheel_alone_initialises_validates_and_builds_a_site(dist, tmp_path):
    version = project()["version"]
    target = tmp_path / "installed"
    wheel = dist / f"practice_commons-{version}-py3-none-any.whl"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    folder = tmp_path / "commons"
    folder.mkdir()

    def run(*command: str) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, *command], cwd=folder, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    where = run("-c", "import practice_commons; print(practice_commons.__file__)").stdout
    assert where.startswith(str(target)), where  # the wheel's code, not the work tree's
    assert run("-m", "practice_commons.cli", "--version").stdout.strip() == f"commons {version}"
    run("-m", "practice_commons.cli", "init")
    run("-m", "practice_commons.cli", "new", "member", "ana", "--community", "practice-circle")
    run("-m", "practice_commons.cli", "validate", "--strict")
    run("-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"))
    assert "Ana" in (tmp_path / "site/members/ana/index.html").read_text(encoding="utf-8")
    read_in_chromium(tmp_path / "site")


def read_in_chromium(site: Path) -> None:
    """The initialised site's home, community and member pages read right, and load nothing from elsewhere."""
    import functools
    import http.server
    import threading

    playwright = pytest.importorskip("playwright.sync_api")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_port}"
    outside: list[str] = []
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        headless=True, args=["--no-sandbox"])  # fmt: skip
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
            page.goto(f"{origin}/")
            page.locator("article").get_by_role("link", name="Practice circle").first.click()
            page.wait_for_url("**/communities/practice-circle/")
            assert page.locator("article h1").inner_text() == "Practice circle"
            page.locator("article").get_by_role("link", name="Ana").first.click()
            page.wait_for_url("**/members/ana/")
            assert page.locator("article h1").inner_text() == "Ana"
            browser.close()
    finally:
        httpd.shutdown()
    assert outside == []
