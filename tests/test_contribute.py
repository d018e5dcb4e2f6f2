"""From a page to a contribution: edit links, "contribute one", join and propose links to the repository."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from practice_commons import Severity, build_commons
from practice_commons.render import build_site_plan
from practice_commons.render.contribute import Repository

from .conftest import write_commons
from .htmlcheck import dangers

REPO = Repository.from_settings("https://github.com/tessera-institute/practice-commons", "edit/main/content/")


def _plan(commons_dir: Path, repository: Repository | None = REPO):
    result = build_commons(commons_dir)
    return build_site_plan(result.commons, pages=result.pages, repository=repository)


def _hrefs(page_html: str, css_class: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'<a class="[^"]*{css_class}[^"]*" href="([^"]*)"', page_html)]


def test_contribute_one_opens_a_new_file_that_validates_and_answers_the_question(commons_dir):
    page = _plan(commons_dir).pages["communities/fieldwork/index.md"]
    [link] = _hrefs(page.before + page.after, "commons-contribute")  # 'training' is the one open question
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "github.com")
    assert parts.path == "/tessera-institute/practice-commons/new/main/content/practice/fieldwork"
    query = parse_qs(parts.query)
    [filename], [text] = query["filename"], query["value"]
    assert filename == "training.md" and 'answers: ["training"]' in text
    write_commons(commons_dir, {f"practice/fieldwork/{filename}": text})
    result = build_commons(commons_dir)
    assert [p for p in result.problems if p.severity is not Severity.NOTICE] == []
    assert result.commons.communities["fieldwork"].open_questions == ()


def test_contribute_one_picks_a_file_name_no_artefact_has(commons_dir):
    write_commons(commons_dir, {"practice/data/training.md": "---\ntitle: Training\ntype: guide\n---\n"})
    page = _plan(commons_dir).pages["communities/fieldwork/index.md"]
    [link] = _hrefs(page.before + page.after, "commons-contribute")
    assert parse_qs(urlsplit(link).query)["filename"] == ["training-2.md"]


def test_community_and_home_pages_link_to_the_issue_forms(commons_dir):
    plan = _plan(commons_dir)
    community = plan.pages["communities/fieldwork/index.md"].before
    [join] = _hrefs(community, "commons-join")
    assert join.startswith(
        "https://github.com/tessera-institute/practice-commons/issues/new?template=join-community.yml"
    )
    assert parse_qs(urlsplit(join).query)["community"] == ["fieldwork"]
    home = plan.pages["index.md"].before + plan.pages["index.md"].after
    assert "template=propose-practice.yml" in home and "template=start-community.yml" in home


def test_without_a_repository_no_contribution_link_appears(commons_dir):
    plan = _plan(commons_dir, repository=None)
    plan.render_all()
    every = "".join(page.before + page.after for page in plan.pages.values())
    assert "github.com" not in every and "/issues/new" not in every and "commons-contribute" not in every
    assert "Contribute one." in plan.pages["communities/fieldwork/index.md"].after  # the invitation, as text


@pytest.mark.parametrize(
    "repo_url, edit_uri",
    [
        ("javascript:alert(1)//github.com/x/y", "edit/main/content/"),
        ("//github.com/x/y", "edit/main/content/"),
        ("https://github.com/x/y\nz", "edit/main/content/"),
        ("", "edit/main/content/"),
        ("https://github.com/x/y", ""),  # no branch or folder to put a new file in
        ("https://github.com/x/y", "?path="),
    ],
)
def test_a_repository_the_site_may_not_link_to_gives_no_links(repo_url, edit_uri):
    assert Repository.from_settings(repo_url, edit_uri) is None


def test_the_repository_address_is_escaped_in_every_link(commons_dir, tmp_path):
    hostile = Repository.from_settings('https://github.com/x/y"><script>alert(1)</script>', "edit/main/content/")
    plan = _plan(commons_dir, hostile)
    for path in ("communities/fieldwork/index.md", "index.md", "practice/fieldwork/listing-guide.md"):
        page = tmp_path / "page.html"
        page.write_text(f"<article>{plan.pages[path].before}{plan.pages[path].after}</article>")
        assert dangers(page) == [], path
        assert "<script>" not in page.read_text()


def test_every_page_built_from_a_file_has_an_edit_link_to_it_and_generated_pages_none(demo_site):
    def edit_link(page: str) -> str | None:
        found = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit"', page)
        return html.unescape(found.group(1)) if found else None

    edit = "https://github.com/tessera-institute/practice-commons/edit/main/content/"
    member = (demo_site / "members/amara-diallo/index.html").read_text()
    assert edit_link(member) == edit + "members/amara-diallo.md"
    assert edit_link((demo_site / "communities/field-methods/index.html").read_text()) == (
        edit + "communities/field-methods/index.md"
    )
    assert edit_link((demo_site / "index.html").read_text()) == edit + "index.md"
    assert edit_link((demo_site / "experts/index.html").read_text()) is None  # generated: nothing to edit
    # The repository link stays; Material's request for its stars and forks (another origin) does not.
    assert 'class="md-source"' in member and 'data-md-component="source"' not in member
