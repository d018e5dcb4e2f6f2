"""The `commons` command, run as a contributor runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from practice_commons.cli import main

from .conftest import write_commons

COMMONS = [sys.executable, "-m", "practice_commons.cli"]


def test_validate_clean_commons_exits_0(commons_dir, capsys):
    assert main(["validate", str(commons_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 errors, 0 warnings" in captured.err


def test_validate_prints_path_line_severity_and_exits_1(commons_dir, capsys):
    write_commons(commons_dir, {"practice/data/x.md": "---\ntitle: X\ntype: guide\nauthors: [zed]\n---\n"})
    assert main(["validate", str(commons_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{commons_dir.as_posix()}/practice/data/x.md:4: error: unknown member 'zed'" in out


def test_github_format_annotates_the_file(commons_dir, capsys):
    write_commons(commons_dir, {"glossary/x.md": "---\nterm: X\nalias: [y]\n---\n"})
    assert main(["validate", str(commons_dir), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={commons_dir.as_posix()}/glossary/x.md,line=3::unknown key 'alias'")


def test_json_format_is_machine_readable(commons_dir, capsys):
    write_commons(commons_dir, {"glossary/x.md": "---\nterm: X\nalias: [y]\n---\n"})
    main(["validate", str(commons_dir), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert payload["problems"][0]["line"] == 3 and payload["problems"][0]["hint"] == "did you mean 'aliases'?"


def test_warnings_fail_only_with_strict(commons_dir):
    write_commons(
        commons_dir, {"members/cleo.md": "---\nname: C\nexpertise: [{topic: anonymization, level: expert}]\n---\n"}
    )
    assert main(["validate", str(commons_dir)]) == 0
    assert main(["validate", str(commons_dir), "--strict"]) == 1


def test_usage_errors_exit_2_without_traceback(tmp_path):
    run = subprocess.run([*COMMONS, "validate", str(tmp_path / "missing")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "no such directory" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([*COMMONS, "validate", "--format", "xml"], capture_output=True, text=True)
    assert run.returncode == 2 and "invalid choice" in run.stderr


@pytest.mark.parametrize(
    ("kind", "args", "path"),
    [
        ("community", [], "communities/new-thing/index.md"),
        ("member", ["--community", "fieldwork"], "members/new-thing.md"),
        ("artefact", ["--community", "fieldwork", "--type", "case"], "practice/fieldwork/new-thing.md"),
        ("event", ["--community", "data", "--date", "2027-01-15"], "events/2027-01-15-new-thing.md"),
        ("story", ["--community", "data"], "success-stories/new-thing.md"),
        ("term", ["--title", "Sampling frame: a list"], "glossary/new-thing.md"),
    ],
)
def test_new_writes_a_template_that_validates(commons_dir, capsys, kind, args, path):
    assert main(["new", kind, "new-thing", "--dir", str(commons_dir), *args]) == 0
    assert (commons_dir / path).is_file()
    assert main(["validate", str(commons_dir), "--strict"]) == 0, capsys.readouterr().out


def test_new_never_overwrites(commons_dir, capsys):
    before = (commons_dir / "members/ana.md").read_bytes()
    assert main(["new", "member", "ana", "--dir", str(commons_dir)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (commons_dir / "members/ana.md").read_bytes() == before


@pytest.mark.parametrize("ident", ["../escape", "Bad Id", "a/b", ".hidden"])
def test_new_rejects_ids_that_are_not_slugs(commons_dir, ident):
    assert main(["new", "term", ident, "--dir", str(commons_dir)]) == 2
    assert not any(commons_dir.parent.glob("escape*"))


def test_new_refuses_unknown_community_with_suggestion(commons_dir, capsys):
    assert main(["new", "artefact", "x", "--community", "fieldwrk", "--dir", str(commons_dir)]) == 1
    assert "did you mean 'fieldwork'?" in capsys.readouterr().err


def test_stats_counts_and_health(commons_dir, capsys):
    assert main(["stats", str(commons_dir), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["counts"]["artefacts"] == 2
    field = next(c for c in stats["communities"] if c["id"] == "fieldwork")
    assert (field["members"], field["open_questions"], field["key_questions"]) == (3, 1, 2)
    assert main(["stats", str(commons_dir)]) == 0
    assert "Field Methods" in capsys.readouterr().out


def test_new_refuses_an_id_ending_in_a_newline(commons_dir):
    assert main(["new", "term", "sampling\n", "--dir", str(commons_dir)]) == 2
    assert sorted(p.name for p in (commons_dir / "glossary").iterdir()) == ["enumerator.md"]


def test_generate_writes_only_what_the_commons_publishes(commons_dir, tmp_path, capsys):
    write_commons(
        commons_dir,
        {
            "members/ana.md~": "---\nname: Ana\ncontact: {phone: '+33 1 23'}\n---\n",
            "page.html": "<script>alert(1)</script>\n",
            "logo.svg": "<svg onload='alert(1)'/>\n",
            "practice/fieldwork/photo.png": "png",
            "about.md": "---\ntitle: About\n---\nWho we are.\n",
        },
    )
    (commons_dir / "glossary/alias.md").symlink_to(commons_dir / "glossary/enumerator.md")
    out = tmp_path / "out"
    assert main(["generate", str(commons_dir), "--out", str(out)]) == 0, capsys.readouterr()
    written = {p.relative_to(out).as_posix() for p in out.rglob("*")}
    assert {"practice/fieldwork/photo.png", "about.md", "glossary/enumerator.md"} <= written
    assert not written & {"members/ana.md~", "page.html", "logo.svg", "glossary/alias.md"}
    assert (out / "about.md").read_text() == '---\n"title": "About"\n---\n\nWho we are.\n'


def test_generate_never_follows_a_link_out_of_content(commons_dir, tmp_path, capsys):
    outside = tmp_path / "outside"
    write_commons(outside, {"secret.txt": "HOST-SECRET\n"})
    (commons_dir / "leak").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    assert main(["generate", str(commons_dir), "--out", str(out)]) == 1
    assert "leak:1: error: this is a link to something outside the content directory" in capsys.readouterr().out
    assert not out.exists()


def test_github_format_puts_every_problem_in_the_job_summary(commons_dir, tmp_path, monkeypatch, capsys):
    # GitHub shows ten error annotations per step: the summary must hold all of them.
    broken = {f"practice/fieldwork/broken-{n}.md": f"---\ntitle: B{n}\ntype: tool\nauthors: [nobody{n}]\n---\n"
              for n in range(12)}  # fmt: skip
    broken["practice/fieldwork/ticks.md"] = "---\ntitle: T\ntype: tool\nauthors: ['````']\n---\n"
    write_commons(commons_dir, broken)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", str(commons_dir), "--format", "github"]) == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n")  # appended, as GitHub expects
    assert all(f"broken-{n}.md:4: error: unknown member 'nobody{n}'" in text for n in range(12))
    fence = text.split("\n")[-2]
    assert set(fence) == {"`"} and len(fence) > 4 and text.count(fence) == 2  # the backticks cannot close it


def test_validate_loads_neither_the_site_builder_nor_the_graph_library(commons_dir):
    # `commons validate` runs on every commit (pre-commit): importing Jinja, networkx or MkDocs cost it a second.
    probe = (
        "import sys; from practice_commons.cli import main; code = main(['validate', sys.argv[1]]); "
        "heavy = ('mkdocs', 'jinja2', 'networkx', 'numpy', 'feedgen', 'icalendar', 'practice_commons.render.plan'); "
        "print([name for name in heavy if name in sys.modules])"
    )
    run = subprocess.run([sys.executable, "-c", probe, str(commons_dir)], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_run_as_the_program_it_writes_every_line_before_it_exits(commons_dir, capsys):
    # As a program it leaves without freeing the model (see `main`): what it printed to a pipe must be out first.
    broken = {f"practice/data/x{n:03}.md": f"---\ntitle: X\ntype: guide\nauthors: [zed{n}]\n---\n" for n in range(300)}
    write_commons(commons_dir, broken)
    assert main(["validate", str(commons_dir)]) == 1
    expected = capsys.readouterr()
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    for style in ("text", "json"):
        command = [*COMMONS, "validate", str(commons_dir), "--format", style]
        run = subprocess.run(command, capture_output=True, text=True, env=buffered)
        assert run.returncode == 1, run.stderr
        if style == "text":
            assert (run.stdout, run.stderr) == (expected.out, expected.err)
        else:
            assert len(json.loads(run.stdout)["problems"]) == expected.out.count(": error: ") == 300
