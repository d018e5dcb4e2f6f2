"""The built site: search, links, and the same pages without the plugin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from practice_commons.render.sanitise import Sanitiser

from .conftest import ROOT, run_build

PLAIN_CONFIG = """\
site_name: Tessera Practice Commons
docs_dir: {docs}
theme:
  name: material
  font: false
  custom_dir: {custom_dir}
  features: [navigation.prune, navigation.indexes, search.highlight]
  palette: {{primary: deep purple, accent: amber}}
plugins: [search]
markdown_extensions: [admonition, attr_list, md_in_html, tables, {{toc: {{permalink: true}}}},
                      practice_commons.markdown.lists]
extra_css: [assets/commons/commons.css]
extra_javascript: [assets/commons/commons.js]
nav:
  - Home: index.md
  - Communities: communities/index.md
  - Who knows what: experts/index.md
  - People: members/index.md
  - Practice library: practice/index.md
  - Events: events/index.md
  - Success stories: success-stories/index.md
  - Glossary: glossary/index.md
validation:
  omitted_files: ignore
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


def article(html: Path) -> str:
    """The page's content, serialised the same way (the plugin's sanitiser writes ¶ for &para;), blank lines ignored."""
    content = re.search(r"<article.*?</article>", html.read_text(encoding="utf-8"), re.S).group(0)
    # Material's edit button follows the build's repo_url (test_contribute checks it), not the page.
    content = re.sub(
        r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon"[^>]*>.*?</a>', "", content, flags=re.S
    )
    # Glossary mentions are explained in the converted HTML, which only the plugin sees (README, "Glossary terms").
    content = re.sub(r'<a class="commons-term" href="[^"]*"><abbr title="[^"]*">(.*?)</abbr></a>', r"\1", content)
    return re.sub(r"\n\s*\n", "\n", Sanitiser().body(content))


def test_navigation_holds_index_pages_only(demo_site):
    html = (demo_site / "members/amara-diallo/index.html").read_text()
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', html, re.S).group(0)  # lifted: tabs
    assert "Who knows what" in nav and "Practice library" in nav
    assert "Joseph Mwangi" not in nav


def test_generated_folder_builds_the_same_pages_without_the_plugin(demo_site, tmp_path):
    out = tmp_path / "generated"
    run = subprocess.run(
        [sys.executable, "-m", "practice_commons.cli", "generate", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    config = tmp_path / "mkdocs.yml"
    config.write_text(PLAIN_CONFIG.format(docs=out, custom_dir=ROOT / "site_templates"))
    run = run_build(config, tmp_path / "site", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    plain = {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*.html")}
    with_plugin = {p.relative_to(demo_site) for p in demo_site.rglob("*.html")}
    assert plain == with_plugin
    for page in ("communities/field-methods/index.html", "members/pedro-alvarez/index.html",
                 "experts/index.html", "practice/types/method/index.html", "index.html"):  # fmt: skip
        assert article(tmp_path / "site" / page) == article(demo_site / page), page


def test_generate_refuses_to_write_over_content(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "practice_commons.cli", "generate", "--out", "content/members"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 1 and "inside the content directory" in run.stderr
    (tmp_path / "keep.md").write_text("mine")
    run = subprocess.run(
        [sys.executable, "-m", "practice_commons.cli", "generate", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 1 and (tmp_path / "keep.md").read_text() == "mine"


def test_french_site_builds_strict(french_demo_site):
    html = (french_demo_site / "communities/field-methods/index.html").read_text()
    assert "Questions clés" in html and "Qui sait quoi" in html and 'lang="fr"' in html


def test_every_internal_link_in_the_built_site_resolves(demo_site):
    from urllib.parse import unquote, urlsplit

    broken = []
    for html in demo_site.rglob("*.html"):
        if html.name == "404.html":
            continue  # Material writes it with links from the site root, for any missing path
        text = html.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', text):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # external, mailto:, or an anchor on the same page
            target = (html.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(demo_site)} -> {href}")
    assert broken == []
