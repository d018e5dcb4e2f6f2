"""``mkdocs serve --dirty`` after front-matter edits: the site is planned and rendered again in memory, and only
the pages whose output differs are written. Every test compares what is served with a clean build, byte for byte
(the helpers of ``test_serve_fast``).
"""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

import pytest

from .test_serve_fast import (
    PRACTICE,
    Server,
    _edit,
    _files,
    _written,
    assert_searched_as_served,
    assert_served_as_clean,
    copy_demo,
    serving,
)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch) -> Path:
    return copy_demo(tmp_path, monkeypatch)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One ``serve`` for every edit below: each edit is undone at its end (and that undo checked)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield from serving(copy_demo(tmp_path_factory.mktemp("serve-compare"), monkeypatch))


SCHEDULE = PRACTICE + "/retention-schedule.md"
AISHA = "content/members/aisha-mohammed.md"
WEBINAR = "content/events/2026-12-03-paradata-webinar.md"
#: Edits that change no relation: only the pages whose last render read the edited entity are rendered again.
READ_BY_FEW = {"artefact-title", "artefact-summary", "artefact-archived", "member-name", "community-domain",
               "unknown-author"}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "file", "old", "new"),
    [
        ("artefact-new-topic", SCHEDULE, "topics: [Archiving,", "topics: [Basket weaving, Archiving,"),  # a new page
        # a glossary term explains itself in every page's text, which the plans do not hold: every page is built
        ("glossary-term", "content/glossary/buddy.md", "term: Buddy", "term: Study buddy"),
        ("artefact-title", SCHEDULE, "title: ", "title: Revised "),
        ("artefact-summary", SCHEDULE, "summary: How long", "summary: For how long"),
        # her name shows in pictures of the network drawn in Python, on her co-authors' pages among others
        ("member-name", AISHA, "name: Aisha Mohammed", "name: Aïsha Mohammed-Diallo"),
        ("artefact-author-and-topic", SCHEDULE, "ivan-petrov]\ntopics: [Archiving,",
         "aisha-mohammed]\ntopics: [Archiving, XLSForm,"),
        ("artefact-archived", SCHEDULE, "created: 2024-06-01", "created: 2024-06-01\nstatus: archived"),
        ("member-unit", AISHA, "unit: Survey Operations\n", "unit: Field Operations\n"),
        ("member-expertise", AISHA, "{topic: XLSForm, level: practitioner}", "{topic: XLSForm, level: expert}"),
        ("event-moved", WEBINAR, "2026-12-03 14:00:00\nend: 2026-12-03 15", "2025-12-03 14:00:00\nend: 2025-12-03 15"),
        ("community-domain", "content/communities/data-stewardship/index.md", "Looking after", "Caring for"),
        ("unknown-author", SCHEDULE, "ivan-petrov]", "ivan-petrov, nobody-here]"),
    ],
)  # fmt: skip
def test_a_front_matter_edit_writes_only_the_pages_it_changes_and_serves_what_a_clean_build_would(
    server, name, file, old, new
):
    """The site is planned and rendered again in memory; only the pages whose output differs are written.

    An edit that changes no relation renders again only the pages whose last render read what it changed.
    Undoing the edit serves the site as it was before it, byte for byte (for ``unknown-author``: the problem box
    and /problems/ go again).
    """
    served, before = _files(server.site), _written(server.site)
    _edit(server.root / file, old, new)
    try:
        server.build()
        plugin = server.config.plugins["commons"]
        if name in READ_BY_FEW:
            assert 0 < plugin.rebuild.rendered < len(plugin.plan.pages) / 3
        after = _written(server.site)
        rewritten = sorted(path for path in after if after[path] != before.get(path))
        if name == "glossary-term":
            assert len(rewritten) == len(after)
        else:
            assert 1 < len(rewritten) < len(after) / 3, rewritten
        assert_served_as_clean(server, name)
    finally:  # the next edit starts from the demo as it is
        _edit(server.root / file, new, old)
        server.build()
        server.config.plugins["commons"].background.stop()  # no indexing thread runs into the next test
        server.config.plugins["commons"].rebuild.settle()  # nor the collection after the build
    undone = _files(server.site)
    assert sorted(undone.keys() ^ served.keys()) == []
    assert [path for path in served if undone[path] != served[path]] == []


def test_the_previous_model_is_freed_once_the_rebuilt_page_is_served_not_before(server, monkeypatch):
    """A full collection takes seconds at 10,000 artefacts: it waits ``rebuild.SETTLE`` seconds after the build,
    and a build that starts sooner runs it first."""
    from practice_commons import rebuild

    plugin = server.config.plugins["commons"]
    for wait in (60.0, 0.1):  # the next build comes first; then the collection's own time comes first
        monkeypatch.setattr(rebuild, "SETTLE", wait)
        old = weakref.ref(plugin.result.commons.artefacts["retention-schedule"])
        _edit(server.root / SCHEDULE, "title: ", "title: Revised ")
        try:
            server.build()
            assert plugin.rebuild.collecting  # the served site is complete meanwhile
            assert "Revised" in (server.site / "practice/data-stewardship/retention-schedule/index.html").read_text()
            if wait > 1:
                plugin.rebuild.settle()  # what the next build's start does
            else:
                deadline = time.monotonic() + 30
                while plugin.rebuild.collecting and time.monotonic() < deadline:
                    time.sleep(0.05)
            assert not plugin.rebuild.collecting
            assert old() is None  # the model before the edit, cycles and all
            assert gc.isenabled()  # off from the rebuild's start to the collection (``Rebuild.begin``)
        finally:
            _edit(server.root / SCHEDULE, "title: Revised ", "title: ")
            server.build()
            plugin.background.stop()
            plugin.rebuild.settle()
    text = "Deletion is logged"  # a text edit: the same model, nothing to free
    _edit(server.root / SCHEDULE, text, "Every deletion is logged")
    try:
        server.build()
        assert not plugin.rebuild.collecting and gc.isenabled()
    finally:
        _edit(server.root / SCHEDULE, "Every deletion is logged", text)
        server.build()
        plugin.background.stop()
        plugin.rebuild.settle()


def test_serve_s_first_build_shares_its_pages_with_a_writer_and_what_follows_serves_as_a_clean_build(demo, monkeypatch):
    """The first build runs before the server's threads: a fork writes every other page, as in a one-off build.

    The rebuilds after it (beside the threads) keep to one process; what the fork wrote is known to them: each
    page's fingerprint, each search part.
    """
    from practice_commons import mkdocs_plugin, parallel
    from practice_commons.writer import PageWriter

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)  # the demo is below the writer's 1,000 pages
    shared = []
    monkeypatch.setattr(
        mkdocs_plugin, "PageWriter", lambda pages, build: shared.append(pages) or PageWriter(pages, build)
    )
    server = Server(demo)
    try:
        assert threading.active_count() == 1, threading.enumerate()  # else no fork (the writer's guard)
        server.build()
        assert len(shared) == 1 and len(shared[0]) > 50
        assert_served_as_clean(server, "first")
        assert_searched_as_served(server, "first")

        before = _written(server.site)
        _edit(server.root / SCHEDULE, "title: ", "title: Revised ")
        server.build()  # compared with what both processes wrote: a few pages
        after = _written(server.site)
        assert 1 < len([path for path in after if after[path] != before.get(path)]) < len(after) / 3
        assert len(shared) == 1
        assert_served_as_clean(server, "retitled")

        forks = {page.file.src_uri for page in shared[0]}
        gone = next(
            path for path in sorted(forks) if path.startswith("practice/data-stewardship/") and "index" not in path
        )
        (server.root / "content" / gone).unlink()  # a page the fork wrote, with its search part
        server.build()
        assert_served_as_clean(server, "deleted")
        assert_searched_as_served(server, "deleted")
    finally:
        server.stop()


def test_values_compare_as_they_read_other_entities_by_kind_and_id_helpers_by_code_and_values():
    """``rebuild._same``, which decides which pages may differ: each type is compared as it reads on a page."""
    from collections import OrderedDict, namedtuple

    from markupsafe import Markup

    from practice_commons import build_commons
    from practice_commons.rebuild import _same

    from .conftest import ROOT

    one, two = (build_commons(ROOT / "content").commons for _ in range(2))
    ana, ana_again = one.members["aisha-mohammed"], two.members["aisha-mohammed"]
    assert ana is not ana_again and _same(ana, ana_again)  # another model's entity, by kind and id
    assert not _same(ana, two.members["ivan-petrov"])
    assert _same([ana, {"n": 1}], [ana_again, {"n": 1}]) and not _same([ana], [ana_again, ana_again])
    assert not _same({"a": 1, "b": 2}, {"b": 2, "a": 1})  # in the order a page lists them
    assert _same(OrderedDict(a=ana), OrderedDict(a=ana_again)) and not _same(OrderedDict(a=1), {"a": 1})
    assert not _same(Markup("x"), "x") and not _same(1, True) and _same(2.5, 2.5)
    Pair = namedtuple("Pair", "left right")  # noqa: PYI024
    assert _same(Pair(ana, 1), Pair(ana_again, 1)) and not _same(Pair(ana, 1), (ana_again, 1))

    def helper(value):
        return lambda: value

    assert _same(helper(ana), helper(ana_again)) and not _same(helper(ana), helper(two.members["ivan-petrov"]))
    assert not _same(helper(1), lambda: 1)  # other code
    assert _same(one.members["aisha-mohammed"].spec, two.members["aisha-mohammed"].spec)  # specs by value
