"""Problems in the browser while authoring: on the broken file's page and on /problems/, never in strict builds."""

from __future__ import annotations

from .conftest import run_build, write_commons
from .htmlcheck import site_dangers
from .test_mkdocs_plugin import CONFIG, build
from .test_privacy import CANARIES

BROKEN = {
    # An unknown key: the page keeps its generated parts, with the problem above them.
    "practice/fieldwork/bad.md": "---\ntitle: Bad one\ntype: tool\nauthors: [ana]\nreviewer: [ben]\n---\nBad body\n",
    # Front matter that cannot be read: an error page at its address instead of a 404, without its text.
    "practice/fieldwork/unreadable.md": "---\ntitle: [unclosed\n---\nUnreadable body\n",
}


def _site_text(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_a_plain_build_shows_a_files_problems_on_its_page_and_on_the_problems_page(commons_dir):
    write_commons(commons_dir, BROKEN)
    run = build(commons_dir.parent, strict=False)
    assert run.returncode == 0, run.stderr
    site = commons_dir.parent / "site"
    page = (site / "practice/fieldwork/bad/index.html").read_text()
    box = page[page.index("commons-problems") : page.index("</div>", page.index("commons-problems"))]
    assert "content/practice/fieldwork/bad.md:5</code> error: unknown key &#39;reviewer&#39;" in box
    assert "did you mean &#39;reviewers&#39;?" in box and 'href="../../../problems/"' in box
    assert page.index("commons-problems") < page.index("<h1>Bad one</h1>")  # at the top
    assert "Bad body" in page and "Ana Silva" in page and "commons-artefact-card" in page  # generated parts kept
    error_page = (site / "practice/fieldwork/unreadable/index.html").read_text()
    assert "This page cannot be built" in error_page and "front matter is not valid YAML" in error_page
    assert "Unreadable body" not in error_page
    listing = (site / "problems/index.html").read_text()
    assert 'href="../practice/fieldwork/bad/"' in listing and 'href="../practice/fieldwork/unreadable/"' in listing
    assert "commons-problems" not in (site / "practice/fieldwork/listing-guide/index.html").read_text()


def test_a_strict_build_of_the_same_commons_fails_and_holds_none_of_it(commons_dir):
    write_commons(commons_dir, BROKEN)
    run = build(commons_dir.parent, strict=True)
    assert run.returncode == 1 and "bad.md:5: unknown key 'reviewer'" in run.stderr
    site = commons_dir.parent / "site"
    assert not (site / "problems").exists() and not (site / "practice/fieldwork/unreadable").exists()
    assert "commons-problems" not in _site_text(site)


def test_a_clean_strict_build_has_no_problems_page_and_a_plain_one_says_all_is_well(commons_dir):
    assert build(commons_dir.parent, strict=True).returncode == 0
    assert not (commons_dir.parent / "site/problems").exists()
    assert build(commons_dir.parent, strict=False).returncode == 0
    assert "No problems: the commons validates." in (commons_dir.parent / "site/problems/index.html").read_text()


def test_problems_shown_in_the_browser_are_escaped(commons_dir):
    payload = "<img src=x onerror=alert(1)>"
    write_commons(
        commons_dir,
        {
            "practice/fieldwork/bad.md": f'---\ntitle: Bad\ntype: "{payload}"\n"{payload}": 1\n---\n',
            "practice/fieldwork/unreadable.md": f"---\ntitle: [{payload}\n---\n",
        },
    )
    assert build(commons_dir.parent, strict=False).returncode == 0
    site = commons_dir.parent / "site"
    assert "onerror=alert" in (site / "problems/index.html").read_text().replace("&lt;img src=x ", "")
    assert site_dangers(site) == {}


def test_problems_of_a_member_who_keeps_fields_private_do_not_show_their_values(commons_dir):
    email = CANARIES["email"].replace("@", " at ")  # not an address: its problem quotes it
    write_commons(
        commons_dir,
        {
            "members/dora.md": f"---\nname: Dora\ncontact: {{email: {email}}}\nprivate: [contact]\n---\n",
            "members/eve.md": f"---\nname: Eve\ngithub: {CANARIES['github']}\nprivate: [github, nonsense]\n---\n",
        },
    )
    assert build(commons_dir.parent, strict=False).returncode == 0
    site = _site_text(commons_dir.parent / "site")
    assert "These problems could quote what is kept private or internal" in site
    assert email not in site and CANARIES["github"] not in site


def test_a_public_site_shows_no_problem_message(commons_dir):
    address = "canary qz6 at example"  # contact details are internal-only; the problem quotes the address
    write_commons(commons_dir, {"members/cleo.md": f"---\nname: Cléo\ncontact: {{email: {address}}}\n---\n"})
    config = commons_dir.parent / "public.yml"
    config.write_text(CONFIG.replace("plugins: [search, commons]", "plugins: [search, {commons: {audience: public}}]"))
    run = run_build(config, commons_dir.parent / "public", cwd=commons_dir.parent, strict=False)
    assert run.returncode == 0, run.stderr
    site = _site_text(commons_dir.parent / "public")
    assert "These problems could quote" in site and address not in site
