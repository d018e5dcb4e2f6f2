"""Contributed content cannot run script, load from outside or leak private fields.

The hostile commons (``tests/hostile.py``) puts injection payloads in every front-matter
text field of every kind and in every body; the site built from it is inspected as a
browser parses it, then opened in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from practice_commons.render.sanitise import Sanitiser

from .conftest import ROOT, run_build
from .hostile import EVIL, PAYLOADS, write_hostile
from .htmlcheck import site_dangers

SITE_CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def _config(tmp: Path, plugins: bool = True) -> Path:
    text = SITE_CONFIG.replace("docs_dir: content", f"docs_dir: {tmp / 'content'}")
    text = text.replace("custom_dir: site_templates", f"custom_dir: {ROOT / 'site_templates'}")
    if not plugins:
        text = re.sub(r"  - commons:?\n(?:      .*\n)*", "", text)
    config = tmp / ("mkdocs.yml" if plugins else "plain.yml")
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    write_hostile(tmp / "content")
    run = run_build(_config(tmp), tmp / "site", cwd=tmp, strict=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return tmp / "site"


def test_the_corpus_holds_enough_payloads():
    assert len(PAYLOADS) >= 30


def test_no_page_can_run_script_submit_or_load_from_elsewhere(hostile_site):
    assert len(list(hostile_site.rglob("*.html"))) > 6 * len(PAYLOADS)
    assert site_dangers(hostile_site) == {}


def test_the_value_and_health_pages_are_among_the_pages_checked(hostile_site):
    """Hostile titles, resources and names reach the value table, the health panel and /health/: as text."""
    for page in ("value/index.html", "health/index.html"):
        assert (hostile_site / page).is_file()
    assert 'id="health"' in (hostile_site / "communities/c0/index.html").read_text(encoding="utf-8")
    assert site_dangers(hostile_site) == {}


def test_the_same_content_without_the_plugin_is_caught_by_the_checker(hostile_site, tmp_path):
    """The inspection can fail: plain Material publishes the payloads as they are."""
    shutil.copytree(hostile_site.parent / "content", tmp_path / "content")
    run = run_build(_config(tmp_path, plugins=False), tmp_path / "site", cwd=tmp_path, strict=False)
    assert run.returncode == 0, run.stderr
    findings = {f for page in site_dangers(tmp_path / "site").values() for f in page}
    assert any("onerror" in f for f in findings)
    assert any("javascript:" in f for f in findings)
    assert any("loads from another site" in f for f in findings)


def test_titles_reach_the_theme_as_text(hostile_site):
    """And the search results as text: the browser test below searches the hostile titles."""
    page = (hostile_site / "about/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "&lt;" in title and "<" not in title
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "<" not in description


def test_a_comment_opened_in_a_title_does_not_hide_the_page(hostile_site):
    member = next(
        p for p in (hostile_site / "members").glob("m*/index.html") if "the rest of the page" in p.read_text()
    )
    page = member.read_text(encoding="utf-8")
    assert "&lt;!-- the rest of the page disappears" in page
    assert "<!--" not in re.search(r"<article.*?</article>", page, re.S).group(0)


def test_external_embeds_and_images_become_links_that_say_where_they_open(hostile_site):
    page = (hostile_site / "practice/c0/a0/index.html").read_text(encoding="utf-8")
    assert (
        f'<a class="commons-external" href="https://{EVIL}/embed">Embedded content: Evil embed — opens on {EVIL}</a>'
        in (page)
    )
    assert f'href="http://{EVIL}/remote.png">Image: remote image — opens on {EVIL}</a>' in page
    assert f'href="http://{EVIL}/a.mp3">Audio — opens on {EVIL}</a>' in page


def test_allowed_hosts_keep_their_embeds():
    iframe = '<iframe src="https://www.youtube.com/embed/x" title="Talk"></iframe>'
    assert "<iframe" in Sanitiser(["youtube.com"]).body(iframe)
    assert "<iframe" not in Sanitiser(["tube.com"]).body(iframe)  # a suffix is not a subdomain
    assert "<iframe" not in Sanitiser().body(iframe)


def test_markdown_extensions_output_survives_cleaning():
    html = (
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<details class="tip" open><summary>More</summary><p>x</p></details>'
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
        'name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">A</label></div></div>'
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled checked><span class="task-list-indicator"></span></label> done</li></ul>'
        '<table><thead><tr><th style="text-align: center;">a</th></tr></thead></table>'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '<div class="highlight"><pre><span></span><code><a id="__codelineno-0-1" href="#__codelineno-0-1"></a>'
        '<span class="k">def</span></code></pre></div><del>gone</del><mark>hi</mark>'
    )
    cleaned = Sanitiser().body(html)
    for kept in ('class="admonition note"', "<details", "open", 'data-tabs="1:2"', 'id="__tabbed_1_1"',
                 'type="radio"', 'type="checkbox"', "checked", 'style="text-align:center"', 'id="fnref:1"',
                 'href="#fn:1"', 'id="__codelineno-0-1"', 'class="k"', "<del>", "<mark>"):  # fmt: skip
        assert kept in cleaned, kept


# -- in the browser ---------------------------------------------------------------------------

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def test_no_script_runs_and_nothing_loads_from_outside_in_chromium(hostile_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_port}"
    dialogs: list[str] = []
    outside: list[str] = []
    # Index pages list every title, name and topic (each payload in each such field); any entity
    # page holds every payload in its body. Every page was inspected statically above.
    pages = ["index.html", "about/index.html", "notes/index.html"] + [
        f"{index}/index.html"
        for index in ("communities", "members", "experts", "experts/units", "network", "practice", "events",
                      "success-stories", "glossary", "communities/c0", "members/m1", "practice/c2/a2",
                      "success-stories/s3", "glossary/t4", "practice/c5")
    ]  # fmt: skip
    pages += [p.relative_to(hostile_site).as_posix() for p in sorted(hostile_site.glob("events/*/index.html"))[:1]]
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            context = browser.new_context()

            def route(r):
                if r.request.url.startswith(origin):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in pages:
                page.goto(f"{origin}/{path}", wait_until="load")
                assert not page.evaluate("window.__xss || false")
            # Search results are drawn from the index's titles and excerpts: search for what the payloads say.
            page.goto(f"{origin}/index.html", wait_until="networkidle")
            page.keyboard.press("/")  # Material's shortcut to the search box, kept by the commons' search
            page.keyboard.type("member")  # every member page is titled with a payload
            page.wait_for_selector(".md-search-result__item", timeout=20_000)
            page.wait_for_timeout(300)
            results = page.locator(".md-search-result__item").count()
            elements = page.locator(".md-search-result__item :is(script, img, svg, iframe, object, embed, style, math)")
            injected = elements.count()
            browser.close()
    finally:
        httpd.shutdown()
    assert dialogs == []
    assert outside == []
    assert results > 0 and injected == 0


def test_generate_output_is_safe_for_an_engine_that_cleans_nothing(hostile_site, tmp_path):
    """`commons generate` for Zensical or plain MkDocs: escaped front matter, neutralised Markdown."""
    import subprocess
    import sys

    out = tmp_path / "content"
    run = subprocess.run(
        [sys.executable, "-m", "practice_commons.cli", "generate", str(hostile_site.parent / "content"), "--out",
         str(out)], capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    config = _config(tmp_path, plugins=False)
    text = config.read_text().replace("  custom_dir:", "  custom_dir:")
    config.write_text(text + "extra_css: [assets/commons/commons.css]\n")
    run = run_build(config, tmp_path / "site", cwd=tmp_path, strict=False)
    assert run.returncode == 0, run.stderr
    assert site_dangers(tmp_path / "site") == {}
    page = (tmp_path / "site/practice/c0/a0/index.html").read_text(encoding="utf-8")
    assert f"Image: remote image — opens on {EVIL}" in page


def test_media_with_nothing_to_play_leaves_no_empty_box():
    assert Sanitiser().body("<video><source onerror=alert(1)></video><audio></audio><iframe></iframe>") == ""
    local = '<video controls=""><source src="clips/demo.mp4" type="video/mp4"></video>'
    assert Sanitiser().body(local) == local


PLAIN_PROSE = [
    "Field sampling for rural households", "Chloé's guide: sampling (rural) - 50% done?", "A/B testing; \"quoted\"",
    "Naïve café notes, 2026.", "Lucía -- notes", "Mr. Smith. 3. item", "two  spaces", "Ends with a dot.",
]  # fmt: skip
MARKED_PROSE = [
    "*emphasis* here", "a_b_c", "1. a list", "- a list", "# heading", "x <b>y</b>", "AT&T", "see [x](y)", "line\nbreak",
    "trailing  ", "  leading", "`code`", "nbsp\u00a0here", "e\u0301 combining", "under_score", "back\\slash", "#tag",
]  # fmt: skip


def test_plain_front_matter_prose_skips_markdown_and_reads_as_markdown_would_make_it(monkeypatch):
    from practice_commons.render import sanitise

    slow = Sanitiser()
    with monkeypatch.context() as patched:
        patched.setattr(sanitise, "_plain", lambda text: False)
        expected = {text: slow.prose(text) for text in PLAIN_PROSE + MARKED_PROSE}
    fast = Sanitiser()
    converted = []
    real = fast.prose_md.convert
    monkeypatch.setattr(fast.prose_md, "convert", lambda text: converted.append(text) or real(text))
    assert {text: fast.prose(text) for text in PLAIN_PROSE + MARKED_PROSE} == expected
    assert converted == MARKED_PROSE  # plain lines skip Markdown; anything that might be markup does not
