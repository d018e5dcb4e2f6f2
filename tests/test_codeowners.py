"""`commons codeowners`: reviewers chosen from each community's coordinators and core group."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from practice_commons import build_commons
from practice_commons.cli import main
from practice_commons.render.codeowners import codeowners, handle

from .conftest import ROOT, write_commons


def test_the_committed_codeowners_is_up_to_date_with_the_demo(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["codeowners", "--check"]) == 0, capsys.readouterr()


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A copy of the demo repository's content, mkdocs.yml and CODEOWNERS, as the working folder."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / ".github").mkdir()
    shutil.copy(ROOT / ".github/CODEOWNERS", tmp_path / ".github/CODEOWNERS")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_fails_after_a_coordinator_changes_and_passes_once_rewritten(repo, capsys):
    community = repo / "content/communities/geospatial/index.md"
    text = community.read_text()
    assert "coordinators: [kwame-asante]" in text
    community.write_text(text.replace("coordinators: [kwame-asante]", "coordinators: [priya-raman]"))
    assert main(["codeowners", "--check"]) == 1
    out, err = capsys.readouterr()
    assert ".github/CODEOWNERS is out of date: run `commons codeowners` and commit the result" in err
    assert "-/content/practice/geospatial/ @kasante\n" in out  # the difference, as a diff
    assert any(line.startswith("+/content/practice/geospatial/") and "@praman" in line for line in out.splitlines())
    assert main(["codeowners"]) == 0
    assert main(["codeowners", "--check"]) == 0
    assert "@praman" in next(
        line for line in (repo / ".github/CODEOWNERS").read_text().splitlines() if "communities/geospatial" in line
    )


def test_check_of_a_missing_file_fails_and_writes_nothing(repo, capsys):
    os.remove(repo / ".github/CODEOWNERS")
    assert main(["codeowners", "--check"]) == 1
    assert "is missing" in capsys.readouterr().err and not (repo / ".github/CODEOWNERS").exists()


def test_a_member_who_keeps_github_private_is_not_listed(commons_dir):
    write_commons(
        commons_dir,
        {
            "members/ana.md": "---\nname: Ana\ngithub: ana-gh\n"
            "memberships: [{community: fieldwork, role: coordinator}]\nprivate: [github]\n---\n",
            "members/ben.md": "---\nname: Ben\ngithub: ben-gh\n---\n",
        },
    )
    text, notes = codeowners(build_commons(commons_dir).commons, "content", ["@org/stewards"])
    assert "ana-gh" not in text and notes == []
    assert "/content/practice/fieldwork/ @ben-gh\n" in text  # the core group reviews too
    assert "A member who keeps `github` under `private` is not listed here." in text
    assert text.index("* @org/stewards") < text.index("/content/practice/fieldwork/")  # the last match wins


def test_a_github_value_that_is_not_a_handle_cannot_add_an_owner(commons_dir):
    write_commons(commons_dir, {"members/ana.md": '---\nname: Ana\ngithub: "ana\\n* @intruder"\n---\n'})
    text, notes = codeowners(build_commons(commons_dir).commons, "content", ["not a handle"])
    assert "intruder" not in text and "@not" not in text
    assert any("members/ana.md: github" in note for note in notes) and any("fallback owner" in n for n in notes)
    assert "# No fallback owner is configured" in text


@pytest.mark.parametrize(
    "value, expected",
    [("ana", "@ana"), ("@Ana-Silva", "@Ana-Silva"), ("org/team-a", "@org/team-a"), ("a--b", None), ("-a", None),
     ("a b", None), ("a\n@b", None), ("", None), (None, None)],
)  # fmt: skip
def test_handles_are_github_users_or_teams(value, expected):
    assert handle(value) == expected
