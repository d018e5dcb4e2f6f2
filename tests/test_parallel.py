"""Large commons parse and render on two cores; the result must not depend on it."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import signal
import time
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from practice_commons import build_commons, mkdocs_plugin, parallel
from practice_commons.render import SitePlan, build_site_plan
from practice_commons.render import plan as plan_module
from practice_commons.writer import PageWriter, quiet_plugins

from .conftest import ROOT

TODAY = dt.date(2026, 11, 26)


@contextlib.contextmanager
def _failing_after(seconds: int) -> Iterator[None]:
    """A hang fails the test (TimeoutError) instead of stopping the suite."""

    def fail(*_: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_split_map_gives_the_serial_result_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    items = list(range(101))
    assert parallel.split_map(lambda x: x * x, items) == [x * x for x in items]


def test_split_map_runs_meanwhile_once_in_this_process_with_or_without_a_second(monkeypatch):
    calls = []
    for start in (10, 1000):  # two processes, then one
        monkeypatch.setattr(parallel, "PARALLEL_FROM", start)
        assert parallel.split_map(lambda x: x + 1, list(range(101)), lambda: calls.append(os.getpid())) == list(
            range(1, 102)
        )
    assert calls == [os.getpid(), os.getpid()]


def test_split_map_computes_what_a_failed_second_process_did_not_send(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    parent, done = os.getpid(), []

    def fails_away_from_home(x: int) -> int:
        time.sleep(0.002)  # long enough for the second process to take its share
        if os.getpid() != parent:
            done.append(x)
            if len(done) > parallel._BATCH + 5:  # once a batch has gone
                raise ValueError(x)
        return x * x

    items = list(range(301))
    assert parallel.split_map(fails_away_from_home, items) == [x * x for x in items]


def test_split_map_does_not_hang_when_the_second_process_is_killed(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    parent, done = os.getpid(), []

    def killed_away_from_home(x: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            done.append(x)
            if len(done) > parallel._BATCH + 5:
                os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return x * x

    items = list(range(301))
    with _failing_after(60):
        assert parallel.split_map(killed_away_from_home, items) == [x * x for x in items]


def test_split_map_does_not_hang_when_the_second_process_dies_holding_the_lock(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)

    def dies_holding_the_lock(bounds, lock, sender) -> None:
        lock.acquire()
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(parallel, "_send", dies_holding_the_lock)
    items = list(range(301))
    with _failing_after(60):
        assert parallel.split_map(lambda x: time.sleep(0.002) or x * x, items) == [x * x for x in items]


def test_split_map_raises_what_the_function_raises_as_one_process_would(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)

    def fails(x: int) -> int:
        if x == 250:
            raise ValueError(x)
        return x

    with pytest.raises(ValueError, match="250"):
        parallel.split_map(fails, list(range(301)))


def test_parsing_and_rendering_on_two_cores_match_one_core(monkeypatch):
    serial = build_commons(ROOT / "content", today=TODAY)
    serial_plan = build_site_plan(serial.commons, today=TODAY, pages=serial.pages)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    forked = build_commons(ROOT / "content", today=TODAY)
    assert [str(p) for p in forked.problems] == [str(p) for p in serial.problems]
    assert forked.commons.counts() == serial.commons.counts()
    plan = build_site_plan(forked.commons, today=TODAY, pages=forked.pages)
    plan.render_ahead(list(reversed(plan.pages)))
    assert plan._ahead is not None  # the second process runs
    for path, page in plan.pages.items():
        assert page.markdown == serial_plan.pages[path].markdown, path
    plan.close()


def _big(number: int) -> str:
    return str(number) * 200_000  # a batch far larger than a pipe's buffer


def test_the_renderer_ahead_never_waits_for_the_reader_who_takes_what_is_ready_as_it_goes(monkeypatch):
    """Its results fill the pipe's small buffer: a reader that took them only when it next needed one would hold
    the worker back for as long as it did not (at 10,000 artefacts: 7 s, before the first artefact page)."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    items = [(f"page-{n}", n) for n in range(40)]
    ahead = parallel.Ahead(_big, items, batch=1)
    got: dict[str, str] = {}
    with _failing_after(60):
        while ahead._process.is_alive():  # the worker ends once all is sent: only if its sends were taken
            got.update(ahead.ready())
            time.sleep(0.01)
    got.update(ahead.ready())
    assert got == {key: _big(n) for key, n in items}
    assert ahead.until("page-39") == {}  # nothing is left to wait for
    ahead.close()


def test_pages_whose_html_is_needed_while_mkdocs_reads_them_are_rendered_ahead_first(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    result = build_commons(ROOT / "content", today=TODAY)
    plan = build_site_plan(result.commons, today=TODAY, pages=result.pages)
    order = sorted(plan.pages)
    taken = []

    class Taken(parallel.Ahead):
        def __init__(self, func, items) -> None:
            taken.extend(path for path, _ in items)

    monkeypatch.setattr(plan_module, "Ahead", Taken)
    plan.render_ahead(order)
    artefacts = [path for path in order if plan.pages[path].template == "artefact.html"]
    assert taken[: len(artefacts)] == artefacts and sorted(taken) == order


def _files(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def _demo_build(tmp_path, strict: bool = False):
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def test_plugin_build_with_the_page_renderer_and_a_page_writer_in_second_processes(
    monkeypatch, tmp_path, demo_site, caplog
):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    monkeypatch.chdir(ROOT)
    shared = []
    monkeypatch.setattr(
        mkdocs_plugin, "PageWriter", lambda pages, build: shared.append(pages) or PageWriter(pages, build)
    )
    caplog.set_level(logging.INFO)
    rendered_here, render, main = [], SitePlan._render, os.getpid()
    monkeypatch.setattr(SitePlan, "_render", lambda plan, page: rendered_here.append(page.path) or render(plan, page))
    _demo_build(tmp_path, strict=True)  # as the session's demo site was built
    assert os.getpid() == main and not {page.file.src_uri for page in shared[0]} & set(rendered_here)
    assert len(shared) == 1 and len(shared[0]) > 50  # every other page was written by the fork
    assert not [r for r in caplog.records if r.getMessage().startswith("Page skipped")]  # the fork wrote them
    built, demo = _files(tmp_path / "site"), _files(demo_site)
    assert built.keys() == demo.keys()
    assert [name for name in built if built[name] != demo[name]] == []  # the pages, the exports, the search index


def _failing_in_the_fork(monkeypatch, fail):
    """MkDocs' page writing, doing ``fail(page)`` first for the pages the fork writes."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    monkeypatch.chdir(ROOT)

    def start(pages, build):
        def build_page(page):
            fail(page)
            build(page)

        return PageWriter(pages, build_page)

    monkeypatch.setattr(mkdocs_plugin, "PageWriter", start)


def test_a_page_failing_in_the_writers_process_fails_the_build_and_names_it(monkeypatch, tmp_path, caplog):
    def fail(page):
        if page.file.src_uri.startswith("members/"):
            raise ValueError(f"the theme broke on {page.file.src_uri}")

    _failing_in_the_fork(monkeypatch, fail)
    with pytest.raises(Abort):
        _demo_build(tmp_path)
    failed = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    named = r"commons: the page (members/[a-z-]+\.md): ValueError: the theme broke on \1 \(.*\)"
    assert any(re.fullmatch(named, message) for message in failed), failed


def test_warnings_in_the_writers_process_are_logged_once_and_count_in_strict_builds(monkeypatch, tmp_path, caplog):
    def warn(page):
        if page.file.src_uri == "members/index.md" or page.file.src_uri.startswith("members/j"):
            logging.getLogger("mkdocs.plugins.commons").warning(f"commons: a warning about {page.file.src_uri}")

    _failing_in_the_fork(monkeypatch, warn)
    with pytest.raises(Abort, match=r"Aborted with \d+ warnings in strict mode"):
        _demo_build(tmp_path, strict=True)
    warned = [r.getMessage() for r in caplog.records if r.getMessage().startswith("commons: a warning about")]
    assert warned and len(warned) == len(set(warned))  # each logged once, by the main process


def test_links_to_the_generated_headings_of_pages_the_writer_wrote_pass_the_anchor_check(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    monkeypatch.chdir(ROOT)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    members = sorted(path.stem for path in (content / "members").glob("*.md") if path.stem != "index")
    links = " ".join(f"[{name}](members/{name}.md#expertise)" for name in members)  # a heading no file holds
    with (content / "index.md").open("a", encoding="utf-8") as home:
        home.write(f"\n\nWho knows what: {links}\n")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(content), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)  # strict: a link to an anchor MkDocs did not see would stop it


@pytest.mark.parametrize(
    ("plugins", "quiet"),
    [
        ("[commons]", True),
        ("[search, commons]", True),  # Material's search, which the commons turns off for Pagefind
        ("[search, {commons: {search: material}}]", False),  # its index gathers every page in the main process
        ("[search, commons, tags]", False),
    ],
)
def test_pages_are_shared_with_a_second_writer_only_beside_plugins_that_gather_nothing(tmp_path, plugins, quiet):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: A\ntheme: {{name: material}}\nplugins: {plugins}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert quiet_plugins(config.plugins) is quiet
