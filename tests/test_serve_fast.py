"""``mkdocs serve --dirty`` rebuilds only what an edit changes, and serves what a clean build would.

Each test builds a copy of the demo as ``serve --dirty`` does (the plugin kept across rebuilds, one
``site_dir``), edits it, rebuilds, and compares every file of the served folder with a clean
``mkdocs build`` of the same content in a new process, byte for byte. ``pagefind/`` is left out of the
comparison: serve indexes the site in the background, after the build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import BUILD_EPOCH, ROOT, run_build

PRACTICE = "content/practice/data-stewardship"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # the clean build's date and generation time
    for name in ("content", "site_templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


class Server:
    """The builds ``mkdocs serve --dirty`` runs: a new configuration each time, the same plugin and site folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.site, self.started = root, root / "served", False

    def build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        self.config = config
        build(config, dirty=True)

    def stop(self) -> None:
        self.config.plugins.on_shutdown()  # the background search indexer


@pytest.fixture
def server(demo: Path):
    served = Server(demo)
    served.build()
    yield served
    served.stop()


def _files(site: Path) -> dict[str, bytes]:
    found = {}
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith("pagefind/"):
            found[name] = path.read_bytes()
    return found


def assert_served_as_clean(server: Server, name: str) -> None:
    clean = server.root / f"clean-{name}"
    run = run_build(server.root / "mkdocs.yml", clean, cwd=server.root, strict=False)
    assert run.returncode == 0, run.stderr
    served, expected = _files(server.site), _files(clean)
    assert sorted(served.keys() - expected.keys()) == [], "stale output served"
    assert sorted(expected.keys() - served.keys()) == [], "output missing"
    assert [path for path in expected if served[path] != expected[path]] == []


def _written(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_text_edit_rebuilds_only_its_page_and_serves_what_a_clean_build_would(server):
    before = _written(server.site)
    _append(server.root / PRACTICE / "anonymisation-playbook.md", "\n\nA paragraph added while serving.\n")
    server.build()
    after = _written(server.site)
    # 404.html is a theme template, which MkDocs writes on every build.
    assert sorted(p for p in after if after[p] != before.get(p)) == [
        "404.html", "practice/data-stewardship/anonymisation-playbook/index.html",
    ]  # fmt: skip
    page = server.site / "practice/data-stewardship/anonymisation-playbook/index.html"
    assert "A paragraph added while serving." in page.read_text(encoding="utf-8")
    assert_served_as_clean(server, "artefact-text")

    member = sorted((server.root / "content/members").glob("*.md"))[0]
    _append(member, "\n\nMore about me, written while serving.\n")
    server.build()
    assert_served_as_clean(server, "member-text")


def test_text_that_cites_another_artefact_updates_that_artefact_s_page(server):
    # The cited artefact lists what cites it: this text edit changes another page.
    _append(server.root / PRACTICE / "retention-schedule.md", "\n\nSee [the keys](artefact:pseudonymisation-keys).\n")
    server.build()
    assert_served_as_clean(server, "citation")


def test_front_matter_edits_renames_and_deletions_serve_what_a_clean_build_would(server):
    schedule = server.root / PRACTICE / "retention-schedule.md"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1), encoding="utf-8")
    server.build()
    assert_served_as_clean(server, "title")

    (server.root / PRACTICE / "sdc-tool-comparison.md").rename(server.root / PRACTICE / "sdc-tools-compared.md")
    server.build()
    assert not (server.site / "practice/data-stewardship/sdc-tool-comparison").exists()
    assert_served_as_clean(server, "rename")

    (server.root / PRACTICE / "pseudonymisation-keys.md").unlink()
    server.build()
    assert not (server.site / "practice/data-stewardship/pseudonymisation-keys").exists()
    assert_served_as_clean(server, "deletion")
    assert (server.root / PRACTICE / "retention-schedule.md").is_file()  # the content folder is only read


def test_a_plain_build_keeps_its_clean_site_folder(demo):
    # Only `serve --dirty` tracks what changed; `mkdocs build` and plain `serve` clean the folder as before.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(demo / "mkdocs.yml"), site_dir=str(demo / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    assert config.plugins["commons"].rebuild is None
    os.makedirs(demo / "site/old", exist_ok=True)
    (demo / "site/old/index.html").write_text("stale")
    build(config)
    assert not (demo / "site/old").exists()
