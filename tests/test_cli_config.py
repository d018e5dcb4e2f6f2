"""The `commons` command finds the commons as MkDocs does: from the site's mkdocs.yml, wherever the user stands."""

from __future__ import annotations

import json

import pytest

from practice_commons.cli import main

from .conftest import SMALL_COMMONS, write_commons

COMMANDS_WITH_A_CONTENT_DIRECTORY = ["validate", "stats", "graph", "codeowners", "generate", "new"]


@pytest.fixture
def mkdocs_project(tmp_path, monkeypatch):
    """A plain MkDocs project: content in the default docs/, mkdocs.yml without docs_dir."""
    write_commons(tmp_path / "docs", SMALL_COMMONS)
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\nplugins:\n  - search\n  - commons\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_without_a_directory_reads_docs_dir_default_of_mkdocs_yml(mkdocs_project, capsys):
    write_commons(mkdocs_project / "docs", {"glossary/x.md": "---\nterm: X\nalias: [y]\n---\n"})
    assert main(["validate"]) == 1
    assert "docs/glossary/x.md:3: error: unknown key 'alias'" in capsys.readouterr().out


def test_every_content_command_runs_without_a_directory_in_a_mkdocs_project(mkdocs_project, capsys):
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["communities"] == 2
    assert main(["graph", "--out", "graph.json"]) == 0
    assert main(["codeowners", "--out", "CODEOWNERS"]) == 0
    assert main(["generate", "--out", "out"]) == 0
    assert main(["new", "member", "dora"]) == 0
    assert (mkdocs_project / "docs/members/dora.md").is_file()
    assert "created docs/members/dora.md: fill it in, then run `commons validate`" in capsys.readouterr().out


def test_from_a_subfolder_paths_stay_relative_to_where_the_user_stands(mkdocs_project, monkeypatch, capsys):
    write_commons(mkdocs_project / "docs", {"glossary/x.md": "---\nterm: X\nalias: [y]\n---\n"})
    monkeypatch.chdir(mkdocs_project / "docs" / "members")
    assert main(["validate"]) == 1
    assert "../glossary/x.md:3: error:" in capsys.readouterr().out
    assert main(["new", "member", "eli"]) == 0
    assert (mkdocs_project / "docs/members/eli.md").is_file()
    assert "created ../members/eli.md" in capsys.readouterr().out


def test_docs_dir_and_properdocs_yml_are_read(tmp_path, monkeypatch, capsys):
    write_commons(tmp_path / "pages", SMALL_COMMONS)
    (tmp_path / "properdocs.yml").write_text("site_name: Ours\ndocs_dir: pages\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "member", "dora"]) == 0
    assert (tmp_path / "pages/members/dora.md").is_file()


def test_config_option_picks_another_site(tmp_path, monkeypatch, capsys):
    write_commons(tmp_path / "site-a" / "notes", SMALL_COMMONS)
    (tmp_path / "site-a" / "mkdocs.yml").write_text("site_name: A\ndocs_dir: notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--config", "site-a/mkdocs.yml"]) == 0
    assert main(["new", "term", "sampling-frame", "--config", "site-a/mkdocs.yml"]) == 0
    assert (tmp_path / "site-a/notes/glossary/sampling-frame.md").is_file()


def test_missing_config_or_docs_dir_is_a_usage_error_naming_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--config", "nowhere.yml"]) == 2
    assert "nowhere.yml: no such file" in capsys.readouterr().err
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    assert main(["stats"]) == 2
    assert "docs: no such directory (the docs_dir of mkdocs.yml)" in capsys.readouterr().err


def test_without_any_config_content_is_the_default(tmp_path, monkeypatch, capsys):
    write_commons(tmp_path / "content", SMALL_COMMONS)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    (tmp_path / "content").rename(tmp_path / "elsewhere")
    assert main(["validate"]) == 2
    assert "commons init" in capsys.readouterr().err


def test_a_directory_given_wins_over_mkdocs_yml(mkdocs_project, capsys):
    write_commons(mkdocs_project / "other", SMALL_COMMONS)
    write_commons(mkdocs_project / "docs", {"glossary/x.md": "---\nterm: X\nalias: [y]\n---\n"})
    assert main(["validate", "other"]) == 0


def test_summary_counts_agree_with_their_number(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["validate"]) == 0
    assert "in 1 community, 1 member, 0 artefacts, 0 events, 0 stories, 0 terms" in capsys.readouterr().err
    assert main(["stats"]) == 0
    assert capsys.readouterr().out.startswith("1 community  1 member  0 artefacts")
