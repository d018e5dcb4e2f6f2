"""``mkdocs serve --dirty`` rebuilds only what an edit changes, and serves what a clean build would.

Each test builds a copy of the demo as ``serve --dirty`` does (the plugin kept across rebuilds, one
``site_dir``), edits it, rebuilds, and compares every file of the served folder with a clean
``mkdocs build`` of the same content in a new process, byte for byte. ``pagefind/`` is left out of the
comparison: serve indexes the site in the background, after the build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import BUILD_EPOCH, ROOT, run_build

PRACTICE = "content/practice/data-stewardship"


def copy_demo(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the demo in ``tmp_path``, built at the clean build's date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # the clean build's date and generation time
    for name in ("content", "site_templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.fixture
def demo(tmp_path: Path, monkeypatch) -> Path:
    return copy_demo(tmp_path, monkeypatch)


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


def serving(root: Path) -> Iterator[Server]:
    """``serve`` on ``root``, its first build done; stopped after the test."""
    served = Server(root)
    served.build()
    yield served
    served.stop()


@pytest.fixture
def server(demo: Path):
    yield from serving(demo)


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


def _reads(monkeypatch) -> list[int]:
    """Counts the builds that read and checked the whole commons again."""
    from practice_commons import mkdocs_plugin

    reads: list[int] = []
    whole = mkdocs_plugin.build_commons
    monkeypatch.setattr(mkdocs_plugin, "build_commons", lambda *a, **k: reads.append(1) or whole(*a, **k))
    return reads


def test_a_text_edit_does_not_read_the_whole_commons_again_unless_its_links_or_anchors_change(server, monkeypatch):
    reads = _reads(monkeypatch)
    playbook = server.root / PRACTICE / "anonymisation-playbook.md"
    _append(playbook, "\n\nAnother paragraph, no link, no heading.\n")
    server.build()
    assert reads == []
    assert_served_as_clean(server, "text-only")

    _append(playbook, "\n\n## A new section\n\nIts heading is an anchor other pages may link to.\n")
    server.build()
    assert reads == [1]
    assert_served_as_clean(server, "new-anchor")

    _append(playbook, "\n\nSee [the old guide](missing-guide.md).\n")  # a broken link, typed while serving
    server.build()
    assert reads == [1, 1]
    assert_served_as_clean(server, "broken-link")
    page = (server.site / "practice/data-stewardship/anonymisation-playbook/index.html").read_text(encoding="utf-8")
    assert "missing-guide.md" in page

    text = playbook.read_text(encoding="utf-8")
    playbook.write_text(text.replace("the old guide", "the older guide"), encoding="utf-8")
    server.build()  # the file has a problem: its text is checked again, as a clean build would
    assert reads == [1, 1, 1]
    assert_served_as_clean(server, "text-with-a-problem")


def test_text_that_cites_another_artefact_updates_that_artefact_s_page(server):
    # The cited artefact lists what cites it: this text edit changes another page.
    _append(server.root / PRACTICE / "retention-schedule.md", "\n\nSee [the keys](artefact:pseudonymisation-keys).\n")
    server.build()
    assert_served_as_clean(server, "citation")


def test_front_matter_edits_renames_deletions_and_new_files_serve_what_a_clean_build_would(server):
    """Each writes only the pages that differ (the plans are compared), and deletes what is gone."""
    schedule = server.root / PRACTICE / "retention-schedule.md"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1), encoding="utf-8")
    server.build()
    assert_served_as_clean(server, "title")

    before = _written(server.site)
    (server.root / PRACTICE / "sdc-tool-comparison.md").rename(server.root / PRACTICE / "sdc-tools-compared.md")
    server.build()
    assert not (server.site / "practice/data-stewardship/sdc-tool-comparison").exists()
    assert_served_as_clean(server, "rename")
    after = _written(server.site)
    assert len([path for path in after if after[path] != before.get(path)]) < len(after) / 3

    (server.root / PRACTICE / "pseudonymisation-keys.md").unlink()  # cited by other artefacts: now broken links
    server.build()
    assert not (server.site / "practice/data-stewardship/pseudonymisation-keys").exists()
    assert_served_as_clean(server, "deletion")
    assert (server.root / PRACTICE / "retention-schedule.md").is_file()  # the content folder is only read

    before = _written(server.site)
    text = schedule.read_text(encoding="utf-8").replace("title: Revised ", "title: Copy of ", 1)
    (server.root / PRACTICE / "retention-schedule-copy.md").write_text(text, encoding="utf-8")
    server.build()
    assert_served_as_clean(server, "new-artefact")
    after = _written(server.site)
    assert "practice/data-stewardship/retention-schedule-copy/index.html" in after
    assert len([path for path in after if after[path] != before.get(path)]) < len(after) / 3

    (server.root / PRACTICE / "pseudonymisation-keys.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    server.build()  # back, but unreadable: its error page, at the same address
    assert_served_as_clean(server, "unreadable")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _bundle(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def assert_searched_as_served(server: Server, name: str) -> None:
    """What serve hands Pagefind (each page's part, kept across rebuilds) indexes as the served pages do."""
    from practice_commons.search import index_site

    parts = server.config.plugins["commons"].search_input
    whole, from_parts = server.root / f"whole-{name}", server.root / f"parts-{name}"
    pagefind = lambda folder, names: ["pagefind"] if Path(folder) == server.site else []  # noqa: E731
    shutil.copytree(server.site, whole, ignore=pagefind)
    assert index_site(whole).ok and index_site(from_parts, source=parts.folder).ok
    assert _bundle(from_parts / "pagefind") == _bundle(whole / "pagefind")


def test_serve_hands_pagefind_the_parts_of_what_it_serves_after_every_kind_of_rebuild(server):
    assert_searched_as_served(server, "first")
    _append(server.root / PRACTICE / "anonymisation-playbook.md", "\n\nZebrafish, written while serving.\n")
    server.build()  # the page alone
    assert_searched_as_served(server, "text")
    (server.root / PRACTICE / "pseudonymisation-keys.md").unlink()
    server.build()  # every page, and the deleted page's part goes
    assert_searched_as_served(server, "deletion")
    parts = server.config.plugins["commons"].search_input.folder
    assert (parts / "accessibility/index.html").is_file()
    page = server.root / "content/accessibility.md"
    page.write_text("---\nsearch: {exclude: true}\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    server.build()  # no longer searchable
    assert_searched_as_served(server, "excluded")
    assert not (parts / "accessibility/index.html").exists()
    assert "Zebrafish" in (parts / "practice/data-stewardship/anonymisation-playbook/index.html").read_text()


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


def test_a_new_page_joins_the_navigation_of_every_page_and_leaves_it_when_deleted(server):
    # A text edit keeps the previous build's navigation; a new file must not.
    _append(server.root / PRACTICE / "anonymisation-playbook.md", "\n\nA text edit first, which keeps the menu.\n")
    server.build()
    (server.root / "content/handbook.md").write_text("# Handbook for newcomers\n\nWhere to start.\n", encoding="utf-8")
    server.build()
    assert 'href="handbook/"' in (server.site / "index.html").read_text(encoding="utf-8")  # in the menu
    assert_served_as_clean(server, "new-page")

    (server.root / "content/handbook.md").unlink()
    server.build()
    assert 'href="handbook/"' not in (server.site / "index.html").read_text(encoding="utf-8")
    assert_served_as_clean(server, "page-gone")


def test_serve_stopped_with_sigterm_cleans_up_as_ctrl_c_does(demo, tmp_path):
    """An editor's stop button or ``docker stop`` sends SIGTERM: nothing is left in the temporary folder."""
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"]
    served = subprocess.Popen(command, cwd=demo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in served.stdout:  # "Serving on http://127.0.0.1:PORT/" once the first build is done
            lines.append(line)
            if "Serving on" in line:
                url = line.split("Serving on", 1)[1].strip()
                break
        else:
            pytest.fail("".join(lines))
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200
        assert [p.name for p in scratch.iterdir() if p.name.startswith("commons-search-")]  # made while serving
        time.sleep(1)
        served.send_signal(signal.SIGTERM)
        assert served.wait(timeout=60) == 0
    finally:
        if served.poll() is None:
            served.kill()
    assert sorted(p.name for p in scratch.iterdir()) == []  # MkDocs' temporary site, the search parts: all gone


def test_a_forked_helper_stopped_while_serving_ends_as_without_the_handler(monkeypatch):
    """The render-ahead and writer forks inherit serve's SIGTERM handler; stopped, they end at once, as before."""
    import multiprocessing
    import signal
    import time

    from practice_commons import mkdocs_plugin

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(mkdocs_plugin, "_serving_pid", os.getpid())
    signal.signal(signal.SIGTERM, mkdocs_plugin._interrupt)
    try:
        child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        child.start()
        time.sleep(0.2)
        child.terminate()
        child.join(10)
        assert child.exitcode == -signal.SIGTERM  # ended by the signal, no KeyboardInterrupt's traceback
        with pytest.raises(KeyboardInterrupt):  # the serving process itself: MkDocs' Ctrl-C path
            mkdocs_plugin._interrupt(signal.SIGTERM, None)
    finally:
        signal.signal(signal.SIGTERM, before)


def _live_server(root: Path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    server.watch(str(root / "content"))
    return server


def _asked_to_rebuild(server, within: float) -> bool:
    import time

    for _ in range(int(within * 100)):
        if server._want_rebuild:
            return True
        time.sleep(0.01)
    return server._want_rebuild


def test_serve_learns_of_a_save_from_the_kernel_on_a_local_disk(demo, tmp_path):
    from practice_commons import rebuild

    if rebuild._file_system(str(demo)) not in rebuild._LOCAL_FILE_SYSTEMS:
        pytest.skip("the temporary folder is not on a local file system")
    server = _live_server(demo)
    assert rebuild.watch_natively(server)
    assert list(server._watched_paths) == [str(demo / "content")]
    server.observer.start()
    try:
        playbook = demo / PRACTICE / "anonymisation-playbook.md"
        playbook.read_text(encoding="utf-8")  # as the rebuild reads it: no reason to rebuild again
        assert not _asked_to_rebuild(server, within=0.5)
        _append(playbook, "\n\nSaved.\n")
        assert _asked_to_rebuild(server, within=5)
        server._want_rebuild = False
        (demo / PRACTICE).rename(tmp_path / "moved-away")  # a whole folder leaves the commons: one event
        assert _asked_to_rebuild(server, within=5)
    finally:
        server.observer.stop()
        server.observer.join()


def test_serve_keeps_mkdocs_polling_where_the_kernel_would_not_tell(demo, monkeypatch):
    from practice_commons import rebuild

    monkeypatch.setattr(rebuild, "_file_system", lambda path: "nfs")  # a network mount: edits made elsewhere
    server = _live_server(demo)
    assert not rebuild.watch_natively(server)
    assert type(server.observer).__name__ == "PollingObserver"


def test_serve_keeps_mkdocs_polling_when_a_watched_folder_holds_a_link(demo, tmp_path):
    from practice_commons import rebuild

    if rebuild._file_system(str(demo)) not in rebuild._LOCAL_FILE_SYSTEMS:
        pytest.skip("the temporary folder is not on a local file system")
    elsewhere = tmp_path / "shared-guides"
    elsewhere.mkdir()
    # In the content folder, a link is refused (never read or published): the kernel's notifications still do.
    (demo / "content" / "guides").symlink_to(elsewhere, target_is_directory=True)
    assert rebuild.watch_natively(_live_server(demo), str(demo / "content"))
    # In another watched folder (the site's `watch:` list, its theme overrides), inotify would not see into it.
    overrides = demo / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "shared").symlink_to(elsewhere, target_is_directory=True)
    server = _live_server(demo)
    server.watch(str(overrides))
    assert not rebuild.watch_natively(server, str(demo / "content"))
    assert type(server.observer).__name__ == "PollingObserver"
