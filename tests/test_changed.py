"""`commons validate --changed`: the changed files and the references into and out of them, nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from practice_commons import build_commons
from practice_commons.changed import validate_changed
from practice_commons.cli import main
from practice_commons.load import survey

from .conftest import ROOT, write_commons


def test_a_broken_reference_in_a_changed_file_is_reported(commons_dir, capsys):
    guide = commons_dir / "practice/fieldwork/listing-guide.md"
    guide.write_text(guide.read_text().replace("authors: [ana]", "authors: [zed]"))
    assert main(["validate", str(commons_dir), "--changed", str(guide)]) == 1
    assert "listing-guide.md:4: error: unknown member 'zed'" in capsys.readouterr().out


def test_deleting_a_member_reports_the_files_that_cite_it(commons_dir, capsys):
    (commons_dir / "members/ben.md").unlink()
    assert main(["validate", str(commons_dir), "--changed", str(commons_dir / "members/ben.md")]) == 1
    out = capsys.readouterr().out
    assert "communities/fieldwork/index.md:11: error: unknown member 'ben'" in out
    assert "practice/fieldwork/listing-guide.md:5: error: unknown member 'ben'" in out


def test_a_problem_in_a_file_the_change_does_not_reach_is_left_to_the_full_check(commons_dir, capsys):
    write_commons(commons_dir, {"glossary/enumerator.md": "---\nterm: Enumerator\ncommunities: [nowhere]\n---\n"})
    guide = commons_dir / "practice/fieldwork/listing-guide.md"
    assert main(["validate", str(commons_dir), "--changed", str(guide)]) == 0
    assert main(["validate", str(commons_dir)]) == 1


def test_files_outside_the_content_directory_are_not_checked(commons_dir, capsys):
    assert main(["validate", str(commons_dir), "--changed", str(ROOT / "README.md")]) == 0
    assert "no changed files" in capsys.readouterr().err


def _demo(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def test_on_every_demo_file_it_reports_what_the_full_check_reports_there_and_nothing_it_does_not(tmp_path):
    root = _demo(tmp_path)
    full = {(p.path, p.line, p.message) for p in build_commons(root).problems}
    files, _ = survey(root)
    for rel in files:
        result, read = validate_changed(root, [rel])
        found = {(p.path, p.line, p.message) for p in result.problems}
        assert found <= full, rel  # no false alarm from reading only part of the commons
        assert {f for f in full if f[0] == rel} <= found, rel
        assert len(read) < len(files) / 2 or rel == "index.md", rel


def test_a_renamed_artefact_is_reported_where_it_was_cited(tmp_path):
    root = _demo(tmp_path)
    old = root / "practice/field-methods/listing-without-a-frame.md"
    new = old.with_name("household-listing.md")
    old.rename(new)
    full = {(p.path, p.line, p.message) for p in build_commons(root).problems}
    result, _ = validate_changed(root, [old.relative_to(root).as_posix(), new.relative_to(root).as_posix()])
    found = {(p.path, p.line, p.message) for p in result.problems}
    broken = {f for f in full if "listing-without-a-frame" in f[2]}
    assert broken and broken <= found <= full


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_without_file_names_it_checks_what_git_sees_as_changed(tmp_path, monkeypatch, capsys):
    root = _demo(tmp_path)

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "demo")
    guide = root / "practice/field-methods/listing-without-a-frame.md"
    guide.write_text(guide.read_text().replace("type: method", "type: metod"))
    (root / "members/new-person.md").write_text("---\nname: New\nmentors: [nobody-here]\n---\n")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "content", "--changed"]) == 1
    out = capsys.readouterr().out
    assert "listing-without-a-frame.md" in out and "type: 'metod'" in out
    assert "new-person.md:3: error: unknown member 'nobody-here'" in out


def test_the_pre_commit_hook_runs_the_changed_check():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "commons validate" and hook["args"] == ["--changed"] and hook["pass_filenames"]
    assert hook["language"] == "python"


def test_the_command_starts_without_pydantic_markdown_or_the_sanitiser():
    # `validate --changed` starts git's search of the commons first and imports the schemas while it runs:
    # importing the command (or the package) must not import them already.
    code = (
        "import argparse, sys, practice_commons.cli, practice_commons.changed; "
        "practice_commons.cli._locate(argparse.Namespace(dir=None, config=None)); "  # the site's mkdocs.yml read too
        "print(sorted(m for m in ('pydantic', 'markdown', 'nh3', 'importlib.metadata', 'practice_commons.model') "
        "if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.strip() == "[]"
