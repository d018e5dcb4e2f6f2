"""People pages: profile cards, declared beside demonstrated expertise, people by level, the home page's finder."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path

import pytest

from practice_commons import build_commons
from practice_commons.cli import main
from practice_commons.photos import photo_problem
from practice_commons.render import build_site_plan
from practice_commons.render.people import AVATAR_COLOURS, FIND_INDEX, avatar_colour, initials
from practice_commons.render.plan import EXPERTS_PER_LEVEL

from .conftest import ROOT, SMALL_COMMONS, run_build, write_commons

PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)

ZOE = """
---
name: Zoé Martin
job_title: Analyst
unit: Data Office
photo: {photo}
expertise:
  - {{topic: Sampling, level: expert}}
memberships:
  - {{community: fieldwork, role: active}}
open_to: [questions, mentoring]
contact: {{email: zoe@example.org, phone: "+33 1 23 45 67 89", chat: "https://chat.example/zoe"}}
private: [{private}]
---
Zoé samples.
"""


def _commons(root: Path, photo: str = "zoe.png", private: str = "", files: dict[str, bytes] | None = None):
    write_commons(root, {**SMALL_COMMONS, "members/zoe.md": ZOE.format(photo=photo, private=private)})
    for rel, data in (files if files is not None else {"members/zoe.png": PNG}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return build_commons(root)


def _zoe_page(result, language: str = "en") -> str:
    plan = build_site_plan(result.commons, pages=result.pages, language=language)
    return plan.pages["members/zoe.md"].before


# -- the card ----------------------------------------------------------------------------


def test_initials_take_first_and_last_names_and_keep_accents():
    assert initials("Lucía Quispe") == "LQ" and initials("Marc-Olivier Roy") == "MR"
    assert initials("Pedro Álvarez") == "PÁ" and initials("Cher") == "C" and initials("  ") == "?"


def test_avatar_colour_is_the_same_on_every_build_and_each_keeps_white_text_readable():
    assert avatar_colour("lucia-quispe") == 1 and avatar_colour("ana") == 6  # sha1-based: not Python's hash()
    css = resources.files("practice_commons").joinpath("assets/commons/commons.css").read_text("utf-8")
    colours = dict(re.findall(r"\.pc-avatar-(\d+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert sorted(map(int, colours)) == list(range(AVATAR_COLOURS))

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for index, colour in colours.items():
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, f".pc-avatar-{index} {colour} is below 4.5:1 with white"


def test_member_page_opens_with_a_card_photo_contact_buttons_and_open_to_chips(tmp_path):
    result = _commons(tmp_path / "content")
    assert not [p for p in result.problems if "photo" in p.message]
    header = _zoe_page(result)
    assert '<img class="pc-avatar" src="../../members/zoe.png"' in header
    assert "<h1>Zoé Martin</h1>" in header and "Analyst" in header and ">Data Office</a>" in header
    assert 'href="mailto:zoe@example.org"' in header and 'href="tel:+33123456789"' in header
    assert 'href="https://chat.example/zoe"' in header
    assert '<span class="pc-chip pc-chip-open">questions</span>' in header
    assert '<h2 id="contact">' in header  # member:zoe#contact still has somewhere to land


def test_open_to_chips_are_translated_on_a_french_site(tmp_path):
    result = _commons(tmp_path / "content")
    header = _zoe_page(result, language="fr")
    assert "Disponible pour" in header and ">mentorat</span>" in header and "Open to" not in header
    embed = build_site_plan(result.commons, language="fr").assets["embed/members/zoe/index.html"].decode()
    assert "questions, mentorat" in embed  # the intranet card too


def test_without_a_photo_the_card_shows_initials_on_the_members_colour(tmp_path):
    result = _commons(tmp_path / "content", photo="''", files={})
    header = _zoe_page(result)
    assert f'<span class="pc-avatar pc-avatar-{avatar_colour("zoe")}" aria-hidden="true">ZM</span>' in header
    assert "<img" not in header


def test_a_private_photo_and_private_contact_are_not_shown(tmp_path):
    result = _commons(tmp_path / "content", private="photo, contact")
    header = _zoe_page(result)
    assert "zoe.png" not in header and "<img" not in header and "ZM</span>" in header
    assert "zoe@example.org" not in header and "mailto:" not in header and "tel:" not in header
    plan = build_site_plan(result.commons, pages=result.pages)
    for path, page in plan.pages.items():
        assert "zoe.png" not in page.markdown and "zoe@example.org" not in page.markdown, path
    assert b"zoe@example.org" not in plan.assets[FIND_INDEX]


def test_a_private_photo_file_is_not_published_with_the_site(tmp_path):
    """Unlinked is not enough: the file itself stays out of the built site and of `commons generate`."""
    content = tmp_path / "content"
    assert "members/zoe.png" not in _commons(content).rejected  # a published photo is a file of the site
    result = _commons(content, private="photo")
    assert "members/zoe.png" in result.rejected and not result.problems
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\nplugins: [commons]\n", encoding="utf-8")
    run = run_build(tmp_path / "mkdocs.yml", tmp_path / "site", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "members" / "zoe" / "index.html").is_file()
    assert not (tmp_path / "site" / "members" / "zoe.png").exists()
    assert main(["generate", str(content), "--out", str(tmp_path / "generated")]) == 0
    assert not (tmp_path / "generated" / "members" / "zoe.png").exists()


@pytest.mark.parametrize(
    ("photo", "files", "message"),
    [
        ("https://cdn.example/zoe.png", {}, "is an address"),
        ("//cdn.example/zoe.png", {}, "is an address"),
        ("../../zoe.png", {}, "outside the content directory"),
        ("/members/zoe.png", {}, "relative to this file"),
        ("missing.png", {}, "members/missing.png, which does not exist"),
        ("zoe.svg", {"members/zoe.svg": b"<svg onload='alert(1)'/>"}, "not an image the site shows"),
        ("zoe.txt", {"members/zoe.txt": b"hello"}, "not an image the site shows"),
        ("zoe.png", {"members/zoe.png": b"<script>alert(1)</script>"}, "does not hold a PNG image"),
        (".hidden/zoe.png", {"members/.hidden/zoe.png": PNG}, "hidden"),
    ],
)
def test_a_bad_photo_is_a_problem_naming_the_file_and_line(tmp_path, photo, files, message):
    result = _commons(tmp_path / "content", photo=photo, files=files)
    found = [p for p in result.problems if p.path == "members/zoe.md" and "photo" in p.message]
    assert len(found) == 1 and message in found[0].message and found[0].line == 5, result.problems
    assert found[0].severity.value == "error" and found[0].hint
    assert "<img" not in _zoe_page(result)  # the page shows initials instead


def test_a_photo_name_the_file_system_cannot_hold_is_a_problem_not_a_crash(tmp_path):
    # The loader already drops NUL bytes from front matter; the check stands on its own all the same.
    for value in ("zoe\x00.png", "zoe\n.png", "a/" * 600 + "zoe.png"):
        rel, message, hint = photo_problem(tmp_path, "members/zoe.md", value)
        assert rel is None and message and hint


def test_a_photo_through_a_link_out_of_the_content_directory_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    content = tmp_path / "content"
    (content / "members").mkdir(parents=True)
    os.symlink(outside, content / "members/zoe.png")
    result = _commons(content, files={})
    found = [p for p in result.problems if p.path == "members/zoe.md" and "photo" in p.message]
    assert found and "goes through a link" in found[0].message and found[0].line == 5
    assert "<img" not in _zoe_page(result)


def test_a_photo_in_a_linked_folder_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "zoe.png").write_bytes(PNG)
    content = tmp_path / "content"
    (content / "members").mkdir(parents=True)
    os.symlink(elsewhere, content / "members/photos", target_is_directory=True)
    result = _commons(content, photo="photos/zoe.png", files={})
    assert any("goes through a link (members/photos)" in p.message for p in result.problems)


# -- declared beside demonstrated, people by level --------------------------------------------


@pytest.fixture(scope="module")
def demo_plan():
    result = build_commons(ROOT / "content")
    return build_site_plan(result.commons, pages=result.pages)


def test_member_page_shows_declared_beside_demonstrated_expertise(demo_plan):
    page = demo_plan.pages["members/lucia-quispe.md"].after
    rows = {re.search(r">([^<]+)</a></td>", row).group(1): row for row in re.findall(r"<tr><td>.*?</tr>", page)}
    assert "Expert" in rows["Focus groups"] and "practice/field-methods/" in rows["Focus groups"]
    # Not declared, yet shown by what she wrote: the topic is listed, without a level.
    assert '<span class="pc-none">—</span>' in rows["Facilitation"].split("</td>")[1]
    assert "practice/field-methods/" in rows["Facilitation"].split("</td>")[2]


def test_experts_index_lists_people_by_level_bounded_with_a_link_to_the_topic(demo_plan):
    page = demo_plan.pages["experts/index.md"].markdown
    sampling = next(row for row in page.split("<tr>") if ">Sampling</strong>" in row)
    assert sampling.index("Experts</strong>") < sampling.index("Practitioners</strong>")
    assert sampling.index("Practitioners</strong>") < sampling.index("Learning</strong>")
    assert "Amara Diallo" in sampling and "Research Methods" in sampling and "mailto:" in sampling
    # Each level shows at most EXPERTS_PER_LEVEL people; the others are behind the topic page's link.
    blocks = sampling.split('class="pc-level"')[1:]
    assert blocks and all(0 < block.count('class="pc-person"') <= EXPERTS_PER_LEVEL for block in blocks)
    assert "<td data-search-exclude>" in sampling  # people are found on their own pages, not here


def test_pages_with_cards_feed_materials_search_index_when_generated_for_another_engine(demo_plan):
    # Material's search parser tells elements apart by tag only: a <div> closing inside the
    # data-search-exclude <div> of the cross-links ended the exclusion and raised on '</li>'.
    import markdown
    from material.plugins.search.plugin import Parser

    for path in ("experts/index.md", "experts/topics/sampling.md", "members/lucia-quispe.md", "index.md"):
        text = demo_plan.pages[path].markdown.split("\n---\n", 1)[1]
        html = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"]).convert(text)
        parser = Parser()
        parser.feed(html)
        parser.close()


def test_find_index_holds_topics_and_people_with_published_fields_only(demo_plan):
    found = json.loads(demo_plan.assets[FIND_INDEX])
    people = {name: (url, detail) for name, url, detail in found["people"]}
    assert people["Lucía Quispe"] == ("members/lucia-quispe/", "Qualitative Research Lead · Country Office Lima")
    assert any(url == "experts/topics/sampling/" for _, url, _ in found["topics"])
    assert "Lima" not in people["Pedro Álvarez"][1]  # his location is private (and never in the index)
    assert "@" not in demo_plan.assets[FIND_INDEX].decode()  # no contact details


# -- in Chromium --------------------------------------------------------------------------

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser_page(demo_site):
    from .test_browser import ARGS, CHROMIUM, offline_tab, serve  # the same server and browser as the walk test

    httpd, server = serve(demo_site)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = offline_tab(browser, server)
        tab.server = server
        yield tab
        browser.close()
    httpd.shutdown()


def test_topic_page_shows_each_experts_unit_and_contact(browser_page):
    page = browser_page
    demo = build_commons(ROOT / "content").commons
    page.goto(f"{page.server}/experts/topics/sampling/")
    experts = page.locator("#people-expert + ul.pc-people > li")
    assert experts.count() >= 2
    for i in range(experts.count()):
        card = experts.nth(i)
        name = card.locator(".pc-card-name a").inner_text()
        member = next(x for x in demo.members.values() if x.title == name)
        assert member.spec.unit in card.locator(".pc-card-facts").inner_text(), name
        email = card.get_by_role("link", name="Email")
        assert email.is_visible() and email.get_attribute("href") == f"mailto:{member.spec.contact.email}", name
    assert not page.outside


def test_home_box_finds_lucia_without_her_accent_and_opens_her_page(browser_page):
    page = browser_page
    page.goto(f"{page.server}/")
    box = page.get_by_role("combobox", name="A topic or a person")
    box.click()
    box.press_sequentially("lucia")
    first = page.get_by_role("listbox").get_by_role("option").first
    first.wait_for()
    assert "Lucía Quispe" in first.inner_text() and box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/members/lucia-quispe/")
    assert page.locator("h1").inner_text() == "Lucía Quispe"
    assert not page.outside


def test_home_box_finds_a_topic_case_insensitively_and_an_unknown_word_leads_to_who_knows_what(browser_page):
    page = browser_page
    page.goto(f"{page.server}/")
    box = page.get_by_role("combobox")
    box.fill("SAMPLING")
    page.get_by_role("option", name=re.compile("Sampling")).first.click()
    page.wait_for_url("**/experts/topics/sampling/")
    page.goto(f"{page.server}/")
    box = page.get_by_role("combobox")
    box.fill("zzqx")
    page.get_by_role("status").filter(has_text="No topic or person").wait_for()
    box.press("Enter")
    page.wait_for_url("**/experts/?q=zzqx")


@pytest.mark.parametrize("path", ["", "members/lucia-quispe/", "experts/topics/sampling/", "experts/"])
def test_people_pages_do_not_scroll_sideways_on_a_phone(browser_page, path):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(f"{page.server}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


def test_experts_index_shows_a_few_people_per_level_and_links_to_the_rest(tmp_path):
    many = {
        f"members/m{i}.md": f"---\nname: Member {i}\nexpertise: [{{topic: Sampling, level: expert}}]\n---\n"
        for i in range(10)
    }
    write_commons(tmp_path / "content", {**SMALL_COMMONS, **many})
    result = build_commons(tmp_path / "content")
    page = build_site_plan(result.commons, pages=result.pages).pages["experts/index.md"].markdown
    sampling = next(row for row in page.split("<tr>") if ">Sampling</strong>" in row)
    experts = sampling.split('class="pc-level"')[1]
    assert experts.count('class="pc-person"') == EXPERTS_PER_LEVEL == 2
    assert 'href="../experts/topics/sampling/#people-expert">8 more on the page of Sampling</a>' in experts
