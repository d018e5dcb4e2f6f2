"""A field a member keeps private appears in no output: pages, search, sitemap, generate, stats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from practice_commons.schema import Contact, MemberSpec

from . import forkrun
from .conftest import write_commons

CONFIG = """\
site_name: Privacy
docs_dir: content
site_url: https://commons.example/
theme: {{name: material}}
plugins:
  - search
  - commons:
      audience: {audience}
"""

#: A distinct value in every field a member can keep private.
CANARIES = {
    "job_title": "Canary job qz1",
    "unit": "Canary unit qz2",
    "location": "Canary town qz3",
    "expertise": "Canary topic qz4",
    "open_to": "canary-open-qz5",
    "email": "canary-qz6@example.org",
    "chat": "@canary-qz7",
    "phone": "+99 555 qz8",
    "office": "Canary office qz9",
    "github": "canary-qz10",
    "photo": "canary-qz11.png",
}

CANARY_MEMBER = f"""
---
name: Dora Private
job_title: {CANARIES["job_title"]}
unit: {CANARIES["unit"]}
location: {CANARIES["location"]}
expertise:
  - {{topic: {CANARIES["expertise"]}, level: expert}}
memberships:
  - {{community: data, role: active}}
mentors: [ben, ana]
open_to: [{CANARIES["open_to"]}]
contact: {{email: {CANARIES["email"]}, chat: "{CANARIES["chat"]}", phone: "{CANARIES["phone"]}",
           office: {CANARIES["office"]}}}
github: {CANARIES["github"]}
photo: {CANARIES["photo"]}
private: [job_title, unit, location, expertise, memberships, mentors, open_to, contact, github, photo]
---
Dora's own words are public: she wrote them on her page.
"""


def test_the_canary_covers_every_field_a_member_can_keep_private():
    fields = set(MemberSpec.model_fields) - {"name", "private", "memberships", "mentors", "contact", "redirect_from"}
    assert fields | set(Contact.model_fields) <= set(CANARIES)


def _everything_written(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def _build(site: Path, audience: str = "internal") -> None:
    (site / "mkdocs.yml").write_text(CONFIG.format(audience=audience))
    run = forkrun.run("mkdocs", ["build", "--strict", "-f", "mkdocs.yml"], cwd=site, env=dict(os.environ), timeout=300)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def canary_commons(tmp_path_factory) -> Path:
    from .conftest import SMALL_COMMONS

    root = tmp_path_factory.mktemp("canary")
    write_commons(root / "content", {**SMALL_COMMONS, "members/dora.md": CANARY_MEMBER})
    (root / "content/members" / CANARIES["photo"]).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8))
    _build(root)
    return root


def test_no_private_value_reaches_the_built_site(canary_commons):
    site = _everything_written(canary_commons / "site")
    assert "Dora Private" in site and "Dora's own words are public" in site  # the canary was published
    for field, value in CANARIES.items():
        assert value not in site, f"{field} leaked"
        assert value.lower() not in site.lower(), f"{field} leaked (in another case)"


def test_the_value_and_health_pages_are_among_the_pages_checked(canary_commons):
    site = canary_commons / "site"
    assert (site / "value/index.html").is_file() and (site / "health/index.html").is_file()
    # Ana coordinates fieldwork: the health panel names her mentees, and Dora's mentors are private.
    panel = (site / "communities/fieldwork/index.html").read_text()
    assert "the coordinators mentor" in panel and "Dora Private" not in panel


def test_no_private_value_reaches_an_export(canary_commons):
    site = canary_commons / "site"
    exports = [
        p for folder in ("api", "feeds", "calendar", "embed") for p in (site / folder).glob("**/*") if p.is_file()
    ]
    assert "Dora Private" in (site / "api/members.json").read_text()  # the canary is there, published
    for path in exports:
        text = path.read_text(encoding="utf-8")
        for field, value in CANARIES.items():
            assert value.lower() not in text.lower(), f"{field} leaked into {path.relative_to(site)}"
    dora = next(m for m in json.loads((site / "api/members.json").read_text())["items"] if m["id"] == "dora")
    assert dora["memberships"] == dora["mentors"] == dora["expertise"] == [] and dora["contact"] is None
    data = next(c for c in json.loads((site / "api/communities.json").read_text())["items"] if c["id"] == "data")
    assert "dora" not in {role["member"] for role in data["members"]}  # her membership is private
    ben = next(m for m in json.loads((site / "api/members.json").read_text())["items"] if m["id"] == "ben")
    assert "dora" not in ben["mentees"]


def test_private_relations_are_not_shown_from_the_other_side(canary_commons):
    site = canary_commons / "site"
    assert "members/dora/" not in (site / "communities/data/index.html").read_text()  # memberships
    assert "Dora Private" not in (site / "members/ben/index.html").read_text()  # mentors: not Ben's mentee
    assert not list((site / "experts/topics").glob("canary*"))  # expertise: no topic page


def test_no_private_value_reaches_generate_or_stats(canary_commons, tmp_path):
    out = tmp_path / "out"
    cli = [sys.executable, "-m", "practice_commons.cli"]
    run = subprocess.run([*cli, "generate", str(canary_commons / "content"), "--out", str(out)],
                         capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr
    stats = subprocess.run([*cli, "stats", str(canary_commons / "content"), "--json"], capture_output=True, text=True)
    assert stats.returncode == 0 and json.loads(stats.stdout)["counts"]["members"] == 4
    generated = "\n".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*.md") if p.relative_to(out).as_posix() != "members/dora.md"
    )
    for field, value in CANARIES.items():
        assert value not in generated, f"{field} leaked into generate"
        assert value not in stats.stdout, f"{field} leaked into stats"


@pytest.mark.parametrize("form", ["json", "graphml"])
def test_no_private_value_reaches_the_graph_exports(canary_commons, form):
    cli = [sys.executable, "-m", "practice_commons.cli", "graph", str(canary_commons / "content"), "--format", form]
    run = subprocess.run(cli, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Dora Private" in run.stdout  # she is in the graph, by name
    for field, value in CANARIES.items():
        assert value not in run.stdout, f"{field} leaked into the {form} export"
        assert value.lower() not in run.stdout.lower(), f"{field} leaked into the {form} export"


def test_generate_leaves_a_private_members_front_matter_out_of_their_page(canary_commons, tmp_path):
    out = tmp_path / "out"
    cli = [sys.executable, "-m", "practice_commons.cli"]
    subprocess.run([*cli, "generate", str(canary_commons / "content"), "--out", str(out)], check=True, cwd=tmp_path)
    page = (out / "members/dora.md").read_text(encoding="utf-8")
    for field, value in CANARIES.items():
        assert value not in page, f"{field} leaked into the generated member page"


def test_a_public_build_drops_contact_details_and_internal_fields(tmp_path):
    from .conftest import SMALL_COMMONS

    files = dict(SMALL_COMMONS)
    files["communities/data/index.md"] = """
        ---
        title: Data Stewardship
        domain: Looking after data.
        stage: potential
        channels: [{name: Data room, url: "https://chat.example/data-room-qz"}]
        resources: {budget: Budget line qz-budget}
        ---
        """
    write_commons(tmp_path / "content", files)
    _build(tmp_path, audience="public")
    site = _everything_written(tmp_path / "site")
    assert "Ana Silva" in site
    for value in ("ana@example.org", "data-room-qz", "qz-budget"):
        assert value not in site, value
    assert re.search(r"Data Stewardship", site)


def test_generate_for_a_public_audience_drops_contact_details(canary_commons, tmp_path):
    out = tmp_path / "out"
    cli = [sys.executable, "-m", "practice_commons.cli", "generate", str(canary_commons / "content")]
    run = subprocess.run(
        [*cli, "--out", str(out), "--audience", "public"], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    generated = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md") if "members/" not in str(p))
    assert "Ana Silva" in generated and "ana@example.org" not in generated
    assert "ana@example.org" not in (out / "members/ana.md").read_text(encoding="utf-8")
