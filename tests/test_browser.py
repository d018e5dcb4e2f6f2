"""A reader in Chromium walks community → member → artefact → community by clicking links."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the standard library's
        pass


def serve(folder) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free local port, without logging each request: the server and its origin."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def offline_tab(browser, within: str, **options):
    """A tab in a new context (``options``) that refuses every request outside ``within`` and lists it in
    ``tab.outside``: the site must never load anything from outside itself."""
    context = browser.new_context(**options)
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(within)
                  else (outside.append(route.request.url), route.abort()))  # fmt: skip
    tab = context.new_page()
    tab.outside = outside
    return tab


@pytest.fixture(scope="module")
def server(demo_site):
    httpd, origin = serve(demo_site)
    yield origin
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser, server):
    return offline_tab(browser, server)


def test_walk_community_member_artefact_community(page, server):
    page.goto(f"{server}/communities/field-methods/")
    article = page.locator("article")
    assert "Key questions" in article.inner_text()
    assert article.locator("mark", has_text="Open").count() == 1  # the open key question is marked
    page.locator("article").get_by_role("link", name="Joseph Mwangi").first.click()
    page.wait_for_url("**/members/joseph-mwangi/")
    text = page.locator("article").inner_text()
    assert "Field Coordinator" in text and "Field supervision" in text and "Core group" in text
    page.locator("article").get_by_role("link", name="Household listing when there is no sampling frame").first.click()
    page.wait_for_url("**/practice/field-methods/listing-without-a-frame/")
    text = page.locator("article").inner_text()
    assert "Amara Diallo" in text and "Related" in text and "Derived artefacts" in text
    page.locator("article .commons-artefact-card").get_by_role("link", name="Field Methods").click()
    page.wait_for_url("**/communities/field-methods/")
    assert page.title().startswith("Field Methods")
    assert page.outside == [], page.outside


def test_filter_narrows_the_experts_table_offline(page, server):
    page.goto(f"{server}/experts/")
    rows = page.locator("article table tbody tr")
    total = rows.count()
    page.locator("input.commons-filter").fill("anonymisation")
    visible = [r for r in rows.all() if r.is_visible()]
    assert 1 <= len(visible) < total
    assert "Anonymisation" in visible[0].inner_text()
    page.goto(f"{server}/members/?q=donnees")  # accent-insensitive, pre-filled from the address
    assert page.locator("input.commons-filter").input_value() == "donnees"
    assert page.outside == [], page.outside


def test_network_pages_draw_graphs_whose_nodes_lead_to_their_pages(page, server):
    page.goto(f"{server}/network/")
    graphs = page.locator("article svg.pc-graph")
    assert graphs.count() == 2  # the community map and the people network
    community_map = graphs.first
    assert community_map.get_attribute("aria-label") == "Community map"
    # Hover highlights the node's neighbours and dims the rest.
    node = community_map.locator("a.pc-node", has=page.locator("title", has_text="Field Methods"))
    node.hover()
    assert "pc-has-hl" in community_map.get_attribute("class")
    assert community_map.locator("line.pc-hl").count() > 0
    # The zoom buttons appear with the script and change the view.
    before = community_map.get_attribute("viewBox")
    page.locator("article .pc-zoom").first.get_by_role("button", name="Zoom in").click()
    assert community_map.get_attribute("viewBox") != before
    page.locator("article .pc-zoom").first.get_by_role("button", name="Fit the picture").click()
    assert community_map.get_attribute("viewBox") == before
    node.click()
    page.wait_for_url("**/communities/field-methods/")
    ego = page.locator("article svg.pc-graph")
    assert ego.count() == 1
    # The text alternative lists the same relations.
    assert "shared member" in page.locator("article details.pc-graph-text").text_content()

    page.goto(f"{server}/members/amara-diallo/")
    ego = page.locator("article svg.pc-graph")
    assert ego.get_attribute("aria-label") == "Network of Amara Diallo"
    ego.get_by_role("link", name="Tomas Berg").click()
    page.wait_for_url("**/members/tomas-berg/")
    assert page.locator("article h1").inner_text() == "Tomas Berg"
    assert page.outside == []


def test_open_key_question_links_to_a_prefilled_new_artefact_and_pages_to_their_source(page, server):
    from urllib.parse import parse_qs, urlsplit

    import yaml

    page.goto(f"{server}/communities/field-methods/")
    question = page.locator("article li", has=page.locator("mark", has_text="Open"))
    link = urlsplit(question.get_by_role("link", name="Contribute one").get_attribute("href"))
    assert link.netloc == "github.com"
    assert link.path == "/tessera-institute/practice-commons/new/main/content/practice/field-methods"
    query = parse_qs(link.query)
    front = yaml.safe_load(query["value"][0].split("---")[1])
    assert query["filename"][0].endswith(".md") and front["answers"] == ["mixed-mode"] and front["type"] == "guide"
    assert page.get_by_role("link", name="Join this community").count() == 1
    page.goto(f"{server}/members/amara-diallo/")
    edit = page.locator("a[rel=edit]").get_attribute("href")
    assert edit == "https://github.com/tessera-institute/practice-commons/edit/main/content/members/amara-diallo.md"
    assert page.outside == [], page.outside  # the repository's stars and forks are not fetched
