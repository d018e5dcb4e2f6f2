"""Site search: Material's search box answered by Pagefind, forgiving accents, never reaching elsewhere."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest

from .conftest import SMALL_COMMONS, run_build, write_commons

playwright = pytest.importorskip("playwright.sync_api")

from .test_browser import ARGS, CHROMIUM, offline_tab, serve  # noqa: E402 - the same server and browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A small commons whose member wrote markup as text: it must reach the results as text."""
    tmp = tmp_path_factory.mktemp("search-hostile")
    files = dict(SMALL_COMMONS)
    files["members/ana.md"] += "Ana writes `<img src=x onerror=window.pwned=1>` zebrafish & chips.\n"
    write_commons(tmp / "content", files)
    config = "site_name: Test commons\ndocs_dir: content\ntheme: {name: material}\nplugins: [commons]\n"
    (tmp / "mkdocs.yml").write_text(config)
    run = run_build(tmp / "mkdocs.yml", tmp / "site", cwd=tmp)
    assert run.returncode == 0, run.stderr
    return tmp / "site"


def _search(site: Path, start: str, query: str) -> tuple[list[tuple[str, str]], list[str], object]:
    """Type ``query`` into the header's search box on ``start``; the results (address, text) and requests elsewhere."""
    httpd, origin = serve(site)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = offline_tab(browser, origin)
            elsewhere = page.outside
            page.goto(origin + start)
            page.locator("header [data-commons-search-query]").press_sequentially(query)
            page.locator(".md-search-result__item").first.wait_for()
            items = page.locator(".md-search-result__item a")
            results = [(a.get_attribute("href"), a.inner_text()) for a in items.all()]
            pwned = page.evaluate("window.pwned")
            browser.close()
    finally:
        httpd.shutdown()
    return results, elsewhere, pwned


def _indexed(site: Path) -> dict[str, str]:
    """What Pagefind indexed: each page's address and text, from the fragments it wrote."""
    pages = {}
    for fragment in (site / "pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data["content"]
    return pages


def test_lucia_without_accent_finds_lucia_quispes_page_first(demo_site):
    results, elsewhere, _ = _search(demo_site, "/communities/field-methods/", "Lucia")
    assert results[0][0].endswith("/members/lucia-quispe/"), results
    assert "Lucía Quispe" in results[0][1]
    assert elsewhere == []


NAMES = [("alvarez", "/members/pedro-alvarez/"), ("Helene", "/members/helene-marchand/"),
         ("noemie", "/members/noemie-girard/")]  # fmt: skip


@pytest.mark.parametrize("query, page", NAMES)
def test_names_are_found_without_their_accents(demo_site, query, page):
    results, elsewhere, _ = _search(demo_site, "/", query)
    assert results[0][0].endswith(page) and elsewhere == [], results


def test_french_site_finds_french_words_without_their_accents(french_demo_site):
    # The French site's generated text is French: each community page says what its stage means for the "communauté".
    results, elsewhere, _ = _search(french_demo_site, "/", "communaute")
    assert any("/communities/" in href and "communauté" in text for href, text in results) and elsewhere == [], results
    results, _, _ = _search(french_demo_site, "/", "montreal")  # Montréal is a member's town
    assert any("Montréal" in text for _, text in results), results


def test_search_results_show_markup_from_content_as_text(hostile_site):
    results, elsewhere, pwned = _search(hostile_site, "/", "zebrafish")
    assert results[0][0].endswith("/members/ana/")
    assert "<img src=x onerror=window.pwned=1> zebrafish & chips" in results[0][1]
    assert pwned is None and elsewhere == []


def test_index_holds_entity_pages_without_their_cross_links_and_no_listings(demo_site):
    pages = _indexed(demo_site)
    assert {"/members/amara-diallo/", "/practice/field-methods/listing-without-a-frame/",
            "/experts/topics/anonymisation/"} <= set(pages)  # fmt: skip
    assert "/members/" not in pages and "/practice/types/method/" not in pages
    assert not any(url.startswith("/embed/") for url in pages)  # embeds repeat member pages
    # Joseph Mwangi's page lists what he wrote below his text; searching for the artefact must not find him.
    listed = "Household listing when there is no sampling frame"
    assert listed in (demo_site / "members/joseph-mwangi/index.html").read_text()
    assert listed not in pages["/members/joseph-mwangi/"]
    assert "Skip to content" not in pages["/members/joseph-mwangi/"]  # the page's text, not Material's chrome


@pytest.mark.parametrize("engine", ["material", "pagefind"])
def test_a_site_listing_materials_search_gets_the_engine_the_option_names(tmp_path, engine):
    write_commons(tmp_path / "content", SMALL_COMMONS)
    options = ":\n    search: material" if engine == "material" else ""
    config = f"site_name: A\ndocs_dir: content\ntheme: {{name: material}}\nplugins:\n- search\n- commons{options}\n"
    (tmp_path / "mkdocs.yml").write_text(config)
    run = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    if engine == "material":
        assert (tmp_path / "site/search/search_index.json").is_file() and not (tmp_path / "site/pagefind").exists()
        assert 'data-md-component="search"' in home and "data-commons-search" not in home
    else:  # Material's plugin is turned off: its index would be downloaded whole by every reader
        assert not (tmp_path / "site/search").exists() and (tmp_path / "site/pagefind/pagefind.js").is_file()
        assert 'data-md-component="search"' not in home and "data-commons-search" in home
        assert "Material's search plugin is turned off" in run.stderr


def _started(background):
    """The indexing process, once the background thread has started it."""
    for _ in range(3000):
        if background.process is not None:
            return background.process
        time.sleep(0.01)
    raise AssertionError("the index never started")


def test_serve_indexes_in_the_background_and_a_rebuild_stops_the_run_before(tmp_path):
    from practice_commons.search import BackgroundIndex

    page = '<html lang="en"><body><article class="md-content__inner md-typeset" data-pagefind-body>{}</article></body>'
    (tmp_path / "index.html").write_text(page.format("<h1>Lucía</h1><p>Quispe</p>"), encoding="utf-8")
    failures: list[str] = []
    background = BackgroundIndex(idle=0)
    background.start(tmp_path, directory_urls=True, failed=failures.append)
    first = _started(background)
    background.start(tmp_path, directory_urls=True, failed=failures.append)  # the next build
    assert first.poll() is not None  # stopped, not left writing over the new site
    _started(background).wait(timeout=120)
    background.stop()
    assert (tmp_path / "pagefind/pagefind.js").is_file() and failures == []


def test_serve_indexes_only_once_the_author_pauses(tmp_path):
    from practice_commons.search import BackgroundIndex

    (tmp_path / "index.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    background = BackgroundIndex(idle=60)
    background.start(tmp_path, directory_urls=True, failed=print)
    background.stop()  # the next save, within the pause: nothing was indexed, nothing runs on
    time.sleep(0.2)
    assert background.process is None and not (tmp_path / "pagefind").exists()


def _bundle(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("built", ["demo_site", "hostile_site", "french_demo_site"])
def test_the_index_of_the_pages_searchable_parts_is_the_index_of_the_whole_pages(request, built, tmp_path):
    from practice_commons.search import index_site

    site = request.getfixturevalue(built)  # indexed from the head and article of each page (search.SearchInput)
    whole = tmp_path / "site"
    shutil.copytree(site, whole, ignore=lambda folder, names: ["pagefind"] if Path(folder) == site else [])
    run = index_site(whole)  # Pagefind reading the whole written pages, as it did before
    assert run.ok, run.output
    assert _bundle(whole / "pagefind") == _bundle(site / "pagefind")


def test_pagefind_needs_the_pages_no_more_once_it_says_it_has_read_them(demo_site, tmp_path):
    """A build removes its parts of the pages while Pagefind writes its bundle (on a slow disk, seconds at 10k)."""
    from practice_commons.search import index_site

    pages, site = tmp_path / "pages", tmp_path / "site"
    shutil.copytree(demo_site, pages, ignore=lambda folder, names: ["pagefind"] if Path(folder) == demo_site else [])
    told = []

    def read() -> None:
        told.append(site.joinpath("pagefind/pagefind-entry.json").exists())  # the bundle is not written yet
        shutil.rmtree(pages)

    run = index_site(site, source=pages, read=read)
    assert run.ok, run.output
    assert told == [False]
    assert _bundle(site / "pagefind") == _bundle(demo_site / "pagefind")


PAGE = (
    '<!doctype html><html lang="fr" class="no-js"><head><title>T</title></head><body dir="ltr">'
    '<header>{header}Skip to content</header><main><div class="md-content">'
    '<article class="md-content__inner md-typeset">{body}</article></div></main>'
    "<footer>Made with</footer></body></html>"
)


def test_pagefind_reads_a_pages_head_and_article_and_whole_where_it_has_other_marks():
    from practice_commons.search import mark_searchable, searchable_part

    assert searchable_part(PAGE.format(header="", body="<h1>Lucía</h1>")) is None  # not marked: Pagefind skips it
    part = searchable_part(mark_searchable(PAGE.format(header="", body="<h1>Lucía</h1><article>x</article>"), {}))
    assert part == (
        '<!doctype html><html lang="fr" class="no-js"><head><title>T</title></head><body>'
        '<article class="md-content__inner md-typeset" data-pagefind-body><h1>Lucía</h1><article>x</article>'
        "</article></body></html>"
    )
    # A theme override's marks outside the article are read wherever they are: such a page goes whole.
    page = mark_searchable(PAGE.format(header='<span data-pagefind-meta="team">Maps</span>', body="<h1>L</h1>"), {})
    assert searchable_part(page) == page
    excluded = mark_searchable(PAGE.format(header="", body="<h1>L</h1>"), {"search": {"exclude": True}})
    assert searchable_part(excluded) is None


@pytest.mark.parametrize("broken", [False, True])
def test_a_build_leaves_no_search_input_behind(tmp_path, monkeypatch, broken):
    files = dict(SMALL_COMMONS)
    if broken:  # the strict build stops: the folder goes all the same
        files["index.md"] += "\n[gone](nowhere.md)\n"
    write_commons(tmp_path / "content", files)
    config = "site_name: A\ndocs_dir: content\ntheme: {name: material}\nplugins: [commons]\n"
    (tmp_path / "mkdocs.yml").write_text(config)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    run = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", cwd=tmp_path)
    assert (run.returncode != 0) == broken, run.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
    if not broken:
        assert "/members/ana/" in _indexed(tmp_path / "site")
