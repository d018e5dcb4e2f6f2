"""An artefact page in Chromium: a glossary term in its text shows its definition on hover and leads to its entry."""

from __future__ import annotations

import pytest

from .test_browser import browser, offline_tab, server  # noqa: F401 - the fixtures: Chromium, the demo site served

playwright = pytest.importorskip("playwright.sync_api")

ARTEFACT = "/practice/field-methods/supervision-circle/"


def _tab(browser, server, width):  # noqa: F811
    return offline_tab(browser, server, viewport={"width": width, "height": 900})


def test_a_glossary_term_in_an_artefacts_text_shows_its_definition_on_hover(browser, server):  # noqa: F811
    tab = _tab(browser, server, 1280)
    tab.goto(server + ARTEFACT)
    term = tab.locator("article a.commons-term abbr", has_text="paradata").first
    tooltip = tab.locator(".md-tooltip2--active")
    assert tooltip.count() == 0
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().startswith("Data about the interview rather than the respondent")
    term.click()
    tab.wait_for_url("**/glossary/paradata/")
    assert tab.locator("article h1").inner_text() == "Paradata"
    # The term's page leads to the topic of the same name.
    tab.locator("article").get_by_role("link", name="Topic page: who knows about Paradata").click()
    tab.wait_for_url("**/experts/topics/paradata/")
    assert tab.outside == [], tab.outside


def test_an_artefact_page_fits_a_phone_and_has_its_section_menu(browser, server):  # noqa: F811
    tab = _tab(browser, server, 390)
    tab.goto(server + ARTEFACT)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    menu = tab.locator("article nav.commons-on-this-page")
    assert menu.is_visible() and "How to do it?" in menu.inner_text() and "Resources" in menu.inner_text()
    cover = tab.locator("article .commons-cover img")
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")  # the cover loaded, from this site
    wide = tab.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName)""")
    assert wide == []
    desktop = _tab(browser, server, 1280)
    desktop.goto(server + ARTEFACT)
    assert not desktop.locator("article nav.commons-on-this-page").is_visible()  # the sidebar has it
    assert desktop.locator(".md-sidebar--secondary").get_by_role("link", name="How to do it?").is_visible()
