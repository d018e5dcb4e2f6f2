"""Large commons parse and render on two cores; the result must not depend on it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from practice_commons import build_commons, parallel
from practice_commons.render import build_site_plan

from .conftest import ROOT
from .test_site import article

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


def test_plugin_build_with_the_page_renderer_in_a_second_process(monkeypatch, tmp_path, demo_site):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    for page in ("communities/field-methods/index.html", "members/joseph-mwangi/index.html", "experts/index.html"):
        assert article(tmp_path / "site" / page) == article(demo_site / page), page
