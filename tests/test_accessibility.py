"""Every page type the plugin generates passes axe-core's WCAG 2.0/2.1 A and AA rules in Chromium.

axe-core comes from the ``axe-playwright-python`` package (test extra), which ships ``axe.min.js``:
nothing is fetched at test time. The demo is checked in English with its own palette, and in French on
Material's default palette (one build for both: the other language, and the colours most adopters keep).
Run ``python -m tests.test_accessibility`` to print the serious and critical violations per page and rule.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

# Not skipped when missing: a suite that silently stops checking accessibility would still pass.
from axe_playwright_python.base import AXE_SCRIPT

from .conftest import DEMO_PAGES, ROOT, run_build

async_playwright = pytest.importorskip("playwright.async_api").async_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

PAGES = DEMO_PAGES

#: The sites besides the demo itself: name -> theme settings laid over the demo's mkdocs.yml through INHERIT.
#: French on Material's own palette: the other language and the colours most adopters keep, in one build.
SITES = {"fr-material-palette": {"language": "fr", "palette": {"primary": "indigo", "accent": "indigo"}}}

#: What axe does not check on every page: one h1, headings in order, tables with header cells and a name, lang.
STRUCTURE = """() => {
  const found = [];
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) found.push(`${h1} h1`);
  let last = 0;
  for (const h of document.querySelectorAll("article h1, article h2, article h3, article h4, article h5, article h6")) {
    const level = +h.tagName[1];
    if (last && level > last + 1) found.push(`h${last} then h${level} (${h.textContent.trim().slice(0, 40)})`);
    last = level;
  }
  for (const t of document.querySelectorAll("article table")) {
    const name = t.querySelector("caption") || t.getAttribute("aria-label") || t.getAttribute("aria-labelledby");
    const text = t.textContent.trim().slice(0, 40);
    if (!t.querySelector("th") || !name) found.push(`table without header cells or name (${text})`);
  }
  if (!document.documentElement.lang) found.push("no lang");
  return found;
}"""


def build_site(folder: Path, theme: dict) -> Path:
    """The demo built into ``folder/site`` with ``theme`` settings inherited over its own."""
    folder.mkdir(parents=True, exist_ok=True)
    config = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(ROOT / "content"),
              "theme": {"custom_dir": str(ROOT / "site_templates"), **theme}}  # fmt: skip
    (folder / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    run = run_build(folder / "mkdocs.yml", folder / "site")
    assert run.returncode == 0, run.stderr
    return folder / "site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the standard library's
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()


def pages_of(site: str) -> list[str]:
    return PROBLEM_PAGES if site.endswith("-problems") else PAGES


def violations(sites: dict[str, Path], tabs: int = 2) -> dict[tuple[str, str, str], int]:
    """{(site, page, rule): nodes} of serious and critical axe violations, in one browser session.

    axe is CPU-bound: ``tabs`` pages are checked at a time so that the run uses the machine's cores.
    """
    found: dict[tuple[str, str, str], int] = {}
    checked: list[str] = []
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serving(site)) for name, site in sites.items()}
        queue = [(name, path) for name in sites for path in pages_of(name)]

        async def check(context) -> None:
            tab = await context.new_page()  # 1280 × 720
            while queue:
                name, path = queue.pop(0)
                # Material loads its scripts last, after its stylesheets: the page is styled by then.
                await tab.goto(bases[name] + path, wait_until="domcontentloaded")
                result = await tab.evaluate(f"axe.run(document, {options})")
                for rule in result["violations"]:
                    if rule["impact"] in BLOCKING:
                        found[(name, path, rule["id"])] = len(rule["nodes"])
                for problem in await tab.evaluate(STRUCTURE):
                    found[(name, path, f"structure: {problem}")] = 1
                # Reflow (1.4.10): at 320 CSS px (1280 px at 400 % zoom) only tables scroll sideways, not the page.
                await tab.set_viewport_size({"width": 320, "height": 640})
                if await tab.evaluate("document.documentElement.scrollWidth") > 320:
                    found[(name, path, "reflow: page wider than 320 px")] = 1
                await tab.set_viewport_size({"width": 1280, "height": 720})
                checked.append(path)

        async def run() -> None:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                context = await browser.new_context()
                await context.add_init_script(AXE_SCRIPT)
                await asyncio.gather(*(check(context) for _ in range(tabs)))
                await browser.close()

        asyncio.run(run())
    assert len(checked) == sum(len(pages_of(name)) for name in sites)  # every page checked, none skipped
    return found


#: Pages that exist only while content is broken (non-strict builds): the list of problems, a page
#: showing its file's problems above its text, and the page of a file whose front matter cannot be read.
PROBLEM_PAGES = ["problems/", "practice/field-methods/half-written/", "practice/field-methods/unreadable/"]
BROKEN = {
    "practice/field-methods/half-written.md": "---\ntitle: Half written\ntype: method\nsumary: a typo\n---\nText.\n",
    "practice/field-methods/unreadable.md": "---\ntitle: [unclosed\ntype: method\n---\nText.\n",
}


def build_broken_site(folder: Path) -> Path:
    """The demo with two broken artefacts, built as `mkdocs serve` builds (not strict): its problem pages show."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for rel, text in BROKEN.items():
        (content / rel).write_text(text, encoding="utf-8")
    config = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(content),
              "theme": {"custom_dir": str(ROOT / "site_templates")}}  # fmt: skip
    (folder / "mkdocs.yml").write_text(json.dumps(config), encoding="utf-8")
    run_build(folder / "mkdocs.yml", folder / "site", strict=False)
    for page in PROBLEM_PAGES:
        assert (folder / "site" / page / "index.html").is_file(), page
    return folder / "site"


@pytest.fixture(scope="module")
def sites(demo_site, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("a11y")
    built = {"en": demo_site} | {name: build_site(tmp / name, theme) for name, theme in SITES.items()}
    return built | {"en-problems": build_broken_site(tmp / "en-problems")}


def test_every_page_type_has_no_serious_or_critical_axe_violation_in_english_french_and_materials_palette(sites):
    found = violations(sites)
    assert found == {}, "\n".join(f"{site} /{page} {rule}: {n}" for (site, page, rule), n in sorted(found.items()))


def test_keyboard_reader_goes_from_home_through_the_experts_filter_to_a_member_page(demo_site):
    from playwright.sync_api import sync_playwright

    def tab_to(tab, check: str, limit: int = 150) -> None:
        for _ in range(limit):
            tab.keyboard.press("Tab")
            if tab.evaluate(f"(() => {{ const e = document.activeElement; return {check}; }})()"):
                return
        raise AssertionError(f"Tab never reached {check}")

    with serving(demo_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = browser.new_page()
        tab.goto(base)
        tab_to(tab, "e.closest('article') && e.getAttribute('href') && e.getAttribute('href').endsWith('experts/')")
        # The focus ring is visible: some outline or box shadow on the focused link.
        ring = tab.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                            "return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()")  # fmt: skip
        assert ring
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/experts/")
        tab_to(tab, "e.matches('input.commons-filter')")
        tab.keyboard.type("anonymisation")
        status = tab.locator(".commons-filter-count[aria-live=polite]")
        total = tab.locator("article table tbody tr").count()
        shown = sum(row.is_visible() for row in tab.locator("article table tbody tr").all())
        assert status.inner_text() == f"{shown} of {total} shown" and 0 < shown < total
        tab_to(tab, "e.closest('tbody') && e.getAttribute('href') && e.getAttribute('href').includes('members/')")
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/members/*/")
        assert "Anonymisation" in tab.locator("article").inner_text()
        browser.close()


if __name__ == "__main__":
    import tempfile
    from collections import Counter

    with tempfile.TemporaryDirectory() as folder:
        themes = {"en": {}, "fr": {"language": "fr"}} | SITES
        built = {name: build_site(Path(folder) / name, theme) for name, theme in themes.items()}
        found = violations(built)
    for (site, page, rule), nodes in sorted(found.items()):
        print(f"{site:20} /{page:50} {rule:28} {nodes}")
    print("page x rule per site:", dict(Counter(site for site, _, _ in found)))
    print("page x rule per rule:", dict(Counter(rule for _, _, rule in found)))
    print("nodes per site:", {s: sum(n for (x, _, _), n in found.items() if x == s) for s in built})
