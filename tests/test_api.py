"""The JSON API: every document validates against its published schema, pages link up, links resolve."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest

from practice_commons import build_commons
from practice_commons.render import api, build_site_plan, paths

from .conftest import ROOT

GRAPH = "api/graph.json"


@pytest.fixture(scope="module")
def demo_plan():
    return build_site_plan(build_commons(ROOT / "content").commons)


def _documents(assets: dict[str, bytes]) -> dict[str, dict]:
    """This module's documents and schemas (the relationship graph, api/graph.json, is another's)."""
    return {path: json.loads(data) for path, data in assets.items() if path.startswith("api/") and path != GRAPH}


def test_every_api_document_validates_against_its_published_schema(demo_plan):
    documents = _documents(demo_plan.assets)
    checked = 0
    for path, document in documents.items():
        if path.startswith("api/schema/"):
            jsonschema.Draft202012Validator.check_schema(document)
            continue
        schema = documents[urljoin(path, document["$schema"])]
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
        checked += 1
    assert checked == 8  # the index and seven collections, one page each in the demo


def test_the_index_lists_every_collection_with_version_and_generation_time(demo_plan, monkeypatch):
    index = json.loads(demo_plan.assets["api/index.json"])
    assert index["version"] == api.API_VERSION and index["generated"].endswith("Z")
    names = {d["name"]: d for d in index["documents"]}
    assert set(names) == {"communities", "members", "artefacts", "events", "stories", "terms", "experts", "graph"}
    assert names["graph"]["url"] == "graph.json" and GRAPH in demo_plan.assets  # another part's document, listed
    assert names["members"]["total"] == len(json.loads(demo_plan.assets["api/members.json"])["items"])


def test_the_generation_time_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    plan = build_site_plan(build_commons(ROOT / "content").commons)
    assert json.loads(plan.assets["api/index.json"])["generated"] == "2026-09-21T14:13:20Z"


def test_other_documents_in_api_are_listed_by_the_index():
    assets = {"api/graph.json": b"{}", "api/members.json": b"{}", "api/members-page-2.json": b"{}",
              "api/schema/graph.json": b"{}", "api/index.json": b"{}"}  # fmt: skip
    assert [(d.name, d.url) for d in api.other_documents(assets)] == [("graph", "graph.json")]


def test_large_collections_are_split_into_linked_pages(monkeypatch):
    monkeypatch.setattr(paths, "API_PAGE_SIZE", 7)
    plan = build_site_plan(build_commons(ROOT / "content").commons)
    documents = _documents(plan.assets)
    seen, at, pages = [], "api/artefacts.json", 0
    while at:
        document = documents[at]
        assert len(document["items"]) <= 7 and document["first"] == "artefacts.json"
        seen += [item["id"] for item in document["items"]]
        pages += 1
        at = urljoin(at, document["next"]) if document["next"] else None
    assert pages == document["pages"] == 9 and document["last"] == "artefacts-page-9.json"
    assert len(seen) == len(set(seen)) == document["total"] == 61
    assert documents["api/artefacts-page-2.json"]["prev"] == "artefacts.json"


def test_no_api_document_grows_past_its_byte_budget(monkeypatch):
    monkeypatch.setattr(paths, "API_PAGE_BYTES", 4000)
    plan = build_site_plan(build_commons(ROOT / "content").commons)
    documents = {path: plan.assets[path] for path in _documents(plan.assets) if "schema" not in path}
    assert len(documents) > 20
    for path, data in documents.items():
        envelope = json.loads(data)
        # One item may exceed the budget alone; otherwise a page stays within it, plus its envelope.
        assert len(data) < 4000 + 600 or len(envelope.get("items", ())) == 1, path


def test_api_links_lead_to_pages_and_files_of_the_built_site(demo_site: Path):
    base = "http://h/api/index.json"
    for path in sorted((demo_site / "api").glob("*.json")):
        for item in json.loads(path.read_text())["items"] if path.name not in ("index.json", "graph.json") else []:
            for key in ("url", "card", "calendar", "embed", "practice_url"):
                if item.get(key):
                    target = urljoin(base, item[key]).removeprefix("http://h/")
                    target = target + "index.html" if target.endswith("/") else target
                    assert (demo_site / target).is_file(), f"{path.name}: {item[key]}"
    assert (demo_site / "api/index.html").is_file()  # the documentation page


def test_the_documentation_page_lists_endpoints_with_examples(demo_plan):
    page = demo_plan.pages["api/index.md"]
    html = page.before + page.after
    for name in ("communities", "members", "artefacts", "events", "stories", "experts"):
        assert f'href="../api/{name}.json"' in html and f'id="example-{name}"' in html


def test_every_document_is_compact_json_as_python_writes_it(demo_plan):
    # The documents are written by pydantic's serialiser, which writes floats its own way (1e-7, not 1e-07):
    # the models hold none, and each document reads back to the same compact text Python's json writes.
    documents = _documents(demo_plan.assets)
    for path, document in documents.items():
        if not path.startswith("api/schema/"):
            compact = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            assert demo_plan.assets[path] == compact, path
    assert len(documents) > 8
