"""On a phone (390 × 844 in Chromium) no page of the demo scrolls sideways: one page of every type."""

from __future__ import annotations

import pytest

playwright = pytest.importorskip("playwright.sync_api")

from .conftest import DEMO_PAGES  # noqa: E402
from .test_browser import browser, offline_tab, server  # noqa: E402, F401 - Chromium, the served demo site

#: Every page type, and a contributor's own Markdown table.
PAGES = [*DEMO_PAGES, "practice/evaluation-design/icc-reference-values/"]

#: Elements that stick out past the right edge of the screen, outside the containers that scroll inside
#: themselves on purpose (code blocks, graph figures) and outside what is visually hidden (a table's
#: header row on a phone, kept for screen readers) or Material's own off-screen drawers.
WIDE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const hidden = (e) => {
    for (let a = e; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clip !== 'auto' || s.clipPath !== 'none' || s.visibility === 'hidden') return true;
    }
    return false;
  };
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('pre, .highlight, figure.pc-figure, .md-sidebar, .md-search, .md-header, .md-tabs')) continue;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= width + 1 || hidden(e)) continue;
    const what = e.textContent.trim().slice(0, 40);
    found.push(`${e.tagName.toLowerCase()}.${e.className} (${Math.round(r.right)} px): ${what}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, found: found.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def phone(browser, server):  # noqa: F811
    return offline_tab(browser, server, viewport={"width": 390, "height": 844}, device_scale_factor=1)


def test_the_demo_has_every_page_type_listed(demo_site):
    for path in PAGES:
        assert (demo_site / path / "index.html").is_file(), path


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, server, path):  # noqa: F811
    phone.goto(f"{server}/{path}")
    wide = phone.evaluate(WIDE)
    assert wide["scroll"] <= wide["width"], wide
    assert wide["found"] == [], wide["found"]


def test_a_table_on_a_phone_reads_as_cards_with_each_value_named(phone, server):  # noqa: F811
    phone.goto(f"{server}/communities/")
    row = phone.locator("article table tbody tr").first
    cells = row.locator("td")
    # One card per row: the cells are stacked, not side by side.
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1
    label = cells.nth(1).evaluate("e => getComputedStyle(e, '::before').content")
    assert label.startswith('"') and label != '""'
    # A contributor's Markdown table: the script names its cells from the header row.
    phone.goto(f"{server}/practice/evaluation-design/icc-reference-values/")
    cell = phone.locator("article table tbody tr").first.locator("td").nth(1)
    assert cell.get_attribute("data-label") == "median ICC"
