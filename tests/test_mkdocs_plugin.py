"""The `commons` plugin inside real MkDocs and ProperDocs builds."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from practice_commons import load

from . import forkrun
from .conftest import write_commons

CONFIG = """\
site_name: Test commons
docs_dir: content
theme: {name: material}
plugins: [search, commons]
"""


def build(site: Path, runner: str = "mkdocs", strict: bool = True) -> subprocess.CompletedProcess:
    (site / "mkdocs.yml").write_text(CONFIG)
    arguments = ["build", "-f", "mkdocs.yml"] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return forkrun.run(runner, arguments, cwd=site, env=env, timeout=120)


@pytest.mark.parametrize("runner", ["mkdocs", "properdocs"])
def test_clean_commons_builds_strict(commons_dir, runner):
    run = build(commons_dir.parent, runner)
    assert run.returncode == 0, run.stderr
    assert (commons_dir.parent / "site/members/ana/index.html").is_file()


@pytest.mark.parametrize("runner", ["mkdocs", "properdocs"])
def test_strict_build_fails_and_names_every_broken_file(commons_dir, runner):
    write_commons(
        commons_dir,
        {
            "practice/fieldwork/broken.md": "---\ntitle: Broken\ntype: metod\n---\n",
            "practice/fieldwork/orphan.md": "---\ntitle: Orphan\ntype: tool\nauthors: [zed]\n---\n",
            "members/bomb.md": "---\na: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n",
        },
    )
    run = build(commons_dir.parent, runner)
    assert run.returncode == 1
    assert "content/practice/fieldwork/broken.md:3: type: 'metod' is not one of" in run.stderr
    assert "content/practice/fieldwork/orphan.md:4: unknown member 'zed'" in run.stderr
    assert "content/members/bomb.md:2: front matter expands" in run.stderr
    assert "Traceback" not in run.stderr


def test_warnings_fail_strict_but_not_plain_builds(commons_dir):
    write_commons(
        commons_dir, {"members/cleo.md": "---\nname: C\nexpertise: [{topic: anonymization, level: expert}]\n---\n"}
    )
    assert build(commons_dir.parent, strict=False).returncode == 0
    run = build(commons_dir.parent)
    assert run.returncode == 1 and "WARNING -  commons: content/members/cleo.md:3: topic" in run.stderr


def test_serve_rebuilds_reparse_only_changed_files(commons_dir, monkeypatch):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    (commons_dir.parent / "mkdocs.yml").write_text(CONFIG)
    config = load_config(str(commons_dir.parent / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
        calls = []
        real = load._load_file  # what every read of a file goes through
        monkeypatch.setattr(load, "_load_file", lambda root, rel: calls.append(rel) or real(root, rel))
        mkdocs_build(config)
        assert calls == []
        write_commons(commons_dir, {"glossary/enumerator.md": "---\nterm: Enumerator (field)\n---\n"})
        mkdocs_build(config)
        assert calls == ["glossary/enumerator.md"]
    finally:
        config.plugins.on_shutdown()  # as serve ends: the background index and the search parts go


def test_a_build_drops_each_page_s_generated_html_once_written_and_the_model_before_indexing(commons_dir, monkeypatch):
    # Holding every page's HTML to the end made the build's memory grow with the site (4x plain Material at 10k);
    # holding the model, the plan and the assets while Pagefind indexes stacked its peak on the build's.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from practice_commons.mkdocs_plugin import CommonsPlugin

    left: dict[str, object] = {}
    release = CommonsPlugin._release

    def release_and_look(self: CommonsPlugin) -> None:
        left["html"], left["assets"] = dict(self.plan._html), list(self.generated)
        release(self)

    monkeypatch.setattr(CommonsPlugin, "_release", release_and_look)
    (commons_dir.parent / "mkdocs.yml").write_text(CONFIG)
    config = load_config(str(commons_dir.parent / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    plugin = config.plugins["commons"]
    assert plugin.cache is None  # a one-off build keeps no loader cache
    assert left["html"] == {}
    assert plugin.plan is None and plugin.result is None
    assert left["assets"] and all(file.content_bytes == b"" for file in left["assets"])
    assert (Path(config.site_dir) / "api" / "graph.json").is_file()  # written before it was dropped
    assert "members/ana/index.html" in {
        p.relative_to(config.site_dir).as_posix() for p in Path(config.site_dir).rglob("*.html")
    }


def test_what_the_loader_refuses_is_not_published(commons_dir, tmp_path):
    outside = tmp_path / "outside"
    write_commons(outside, {"secret.txt": "HOST-SECRET\n", "page.md": "---\ntitle: HOST-SECRET\n---\n"})
    write_commons(
        commons_dir,
        {
            "members/ana.md.orig": "---\nname: Ana\ncontact: {phone: 'PHONE-LEFTOVER'}\n---\n",
            "members/zoe.markdown": "---\nname: ZOE-UNVALIDATED\n---\n",
            "NOTES.MD": "NOTES-UPPER\n",
            "page.html": "<script>alert('PAGE-HTML')</script>\n",
            "practice/fieldwork/photo.png": "PNG-KEPT",
        },
    )
    (commons_dir / "leak").symlink_to(outside, target_is_directory=True)
    (commons_dir / "secret.txt").symlink_to(outside / "secret.txt")
    run = build(commons_dir.parent)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    for path in ("members/ana.md.orig", "members/zoe.markdown", "NOTES.MD", "page.html", "leak", "secret.txt"):
        assert f"content/{path}:1: " in run.stderr, path
    run = build(commons_dir.parent, strict=False)
    assert run.returncode == 0, run.stderr
    site = commons_dir.parent / "site"
    assert (site / "practice/fieldwork/photo.png").read_text() == "PNG-KEPT"
    published = "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())
    for leaked in ("HOST-SECRET", "PHONE-LEFTOVER", "ZOE-UNVALIDATED", "NOTES-UPPER", "PAGE-HTML"):
        assert leaked not in published, leaked
    assert not (site / "leak").exists()


def test_unreadable_pages_and_bodies_do_not_crash_a_plain_build(commons_dir):
    (commons_dir / "about.md").write_bytes("# À propos\n\nÉquipe\n".encode("latin-1"))
    deep_list = "".join("  " * i + "- level\n" for i in range(300))  # Python-Markdown: RecursionError
    write_commons(
        commons_dir,
        {
            "members/cleo.md": "---\nname: Cléo Martin\n---\nKept out.\n\n" + deep_list,
            "notes.md": "---\ntitle: Notes\n---\n" + "> " * 3000 + "deep\n" + "[" * 5000 + "\n",
        },
    )
    run = build(commons_dir.parent, strict=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "content/about.md:1: file is not UTF-8" in run.stderr
    assert "content/members/cleo.md:46: the text nests lists" in run.stderr
    assert "content/notes.md:4: the text nests lists" in run.stderr
    site = commons_dir.parent / "site"
    assert "Cléo Martin" in (site / "members/cleo/index.html").read_text()
    assert "Kept out." not in (site / "members/cleo/index.html").read_text()
    about = (site / "about/index.html").read_text()  # while authoring: why, instead of a 404; none of its text
    assert "This page cannot be built" in about and "file is not UTF-8" in about and "quipe" not in about


def test_ordinary_pages_reach_mkdocs_as_the_loader_read_them(commons_dir):
    write_commons(
        commons_dir,
        {
            "index.md": '---\ntitle: Welcome\n"x\\n---\\n# Injected": y\n---\nOur own words.\n',
            "about.md": "---\ntitle: About us\nextra: {free: form}\n---\nWho we are.\n",
            "plain.md": "Just text.\n",
        },
    )
    run = build(commons_dir.parent)
    assert run.returncode == 0, run.stderr
    site = commons_dir.parent / "site"
    home = (site / "index.html").read_text()
    assert "<title>Welcome" in home and "Our own words." in home and "Injected" not in home
    assert "<title>About us" in (site / "about/index.html").read_text()
    assert "Just text." in (site / "plain/index.html").read_text()


def test_page_settings_the_theme_cannot_use_are_reported_not_fatal(commons_dir):
    write_commons(
        commons_dir,
        {
            "about.md": "---\ntitle: About\ntemplate: nope.html\nicon: material/does-not-exist\n"
            "search: 1\nhide: 5\n---\nHi\n"
        },
    )
    run = build(commons_dir.parent, strict=False)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert (commons_dir.parent / "site/about/index.html").is_file()
    for line, key in ((3, "template 'nope.html'"), (4, "icon 'material/does-not-exist'")):
        assert f"about.md:{line}: the theme has no {key}" in run.stderr
    assert "about.md:5: 'search' should be a mapping" in run.stderr
    assert "about.md:6: 'hide' should be a list" in run.stderr
    assert build(commons_dir.parent).returncode == 1  # strict
