"""The /value/ and /health/ pages, the health panel, event times with their zone, and `commons stats`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from practice_commons import build_commons
from practice_commons.cli import main
from practice_commons.model import build_date
from practice_commons.render import build_site_plan
from practice_commons.render.paths import INDEX_PAGES
from practice_commons.vocabulary import ValueTable

from .conftest import SMALL_COMMONS, write_commons

TODAY = dt.date(2026, 11, 27)
OWN_VALUES = {
    "organisation": {
        "short-term": [{"tag": "fewer-tickets", "en": "Fewer support tickets", "fr": "Moins de tickets"}],
    }
}


def _html(plan, path: str) -> str:
    page = plan.pages[path]
    return page.before + page.after


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _plan(commons_dir, **options):
    return build_site_plan(build_commons(commons_dir, today=TODAY).commons, today=TODAY, **options)


def test_the_value_page_shows_each_value_with_the_stories_that_show_it(commons_dir):
    html = _html(_plan(commons_dir), INDEX_PAGES["value"])
    text = _text(html)
    assert "Time saved — Faster listing" in text  # the story's value, linked
    assert '<a href="../success-stories/faster-listing/">Faster listing</a>' in html
    assert "Confidence — no story yet" in text  # an empty cell keeps its values
    assert text.index("Members") < text.index("The organisation")
    # how far stories reach, per community: fieldwork's story climbed to applied value
    row = html.split('<td><a href="../communities/fieldwork/">')[1].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>(\d*)</td>", row) == ["1", "1", "1", "", ""]  # immediate, potential, applied
    assert "Applied value" in row


def test_a_configured_value_table_is_shown_in_each_language(commons_dir):
    story = SMALL_COMMONS["success-stories/faster-listing.md"].replace("[time-saved]", "[fewer-tickets]")
    write_commons(commons_dir, {"success-stories/faster-listing.md": story})
    table = ValueTable.from_option(OWN_VALUES)
    commons = build_commons(commons_dir, today=TODAY, values=table).commons
    for language, label, other in (
        ("en", "Fewer support tickets", "Time saved"),
        ("fr", "Moins de tickets", "Économie"),
    ):
        plan = build_site_plan(commons, today=TODAY, values=table, language=language)
        value_page = _text(_html(plan, INDEX_PAGES["value"]))
        assert f"{label} — Faster listing" in value_page
        assert other not in value_page  # the guide's value in that cell was replaced
        assert label in _text(_html(plan, "success-stories/faster-listing.md"))


def test_the_value_table_option_reaches_the_build_and_validate(commons_dir):
    story = SMALL_COMMONS["success-stories/faster-listing.md"].replace("[time-saved]", "[fewer-tickets]")
    write_commons(commons_dir, {"success-stories/faster-listing.md": story})
    site = commons_dir.parent
    config = {"site_name": "Own values", "docs_dir": "content", "theme": {"name": "material", "language": "fr"},
              "plugins": ["search", {"commons": {"value_table": OWN_VALUES}}]}  # fmt: skip
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, capture_output=True,
                         text=True, env=env, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Moins de tickets" in (site / "site/value/index.html").read_text(encoding="utf-8")
    cli = [sys.executable, "-m", "practice_commons.cli", "validate", "content"]
    assert subprocess.run(cli, cwd=site, capture_output=True, text=True, env=env).returncode == 0
    config["plugins"][1]["commons"]["value_table"] = {"members": {"someday": []}}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=site, capture_output=True, text=True,
                         env=env, timeout=300)  # fmt: skip
    assert run.returncode != 0 and "'someday' is not one of: short-term, long-term" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_health_panel_follows_the_community_text_and_words_each_factor(commons_dir):
    html = _html(_plan(commons_dir), "communities/fieldwork/index.md")
    assert html.index("<h1>") < html.index('id="health"') < html.index('id="key-questions"')
    text = _text(html)
    assert "Health check" in text and "An energising domain for a core group" in text and "Value made visible" in text
    assert "core group of 2 (coordinators included): Ana Silva, Ben Okafor" in text
    assert "Next step: Revisit the key questions with the core group" in text  # worded for a maturing community
    assert "Read on 27 November 2026, the day the site was built" in text
    fr = _text(_html(_plan(commons_dir, language="fr"), "communities/fieldwork/index.md"))
    assert "Bilan de santé" in fr and "Prochaine étape" in fr


def test_the_health_page_compares_every_community(commons_dir):
    html = _html(_plan(commons_dir), INDEX_PAGES["health"])
    rows = re.findall(r"<tr><td><a href=\"[^\"]+#health\">([^<]+)</a>", html)
    assert rows == ["Data Stewardship", "Field Methods"]
    data_row = html.split(">Data Stewardship</a>")[1].split("</tr>")[0]
    assert data_row.count("commons-status-not-yet") >= 5  # a community at its potential stage: much to start


def test_new_pages_are_in_the_navigation(commons_dir):
    nav = [path for _, path in _plan(commons_dir).nav]
    assert INDEX_PAGES["value"] in nav and INDEX_PAGES["health"] in nav


def test_event_times_carry_their_zone_and_a_same_day_range_gives_the_date_once(commons_dir):
    plan = _plan(commons_dir)
    events = _text(_html(plan, INDEX_PAGES["events"]))
    assert "1 March 2026, 14:00–16:00 Europe/Paris" in events
    html = _html(plan, "events/2026-03-01-clinic.md")
    assert '<time datetime="2026-03-01T14:00:00+01:00" data-commons-local="{time} your time">' in html
    assert 'data-commons-end="2026-03-01T16:00:00+01:00"' in _html(plan, INDEX_PAGES["events"])
    fr = _text(_html(_plan(commons_dir, language="fr"), INDEX_PAGES["events"]))
    assert "1 mars 2026, 14h00–16h00 Europe/Paris" in fr


def test_both_event_lists_are_written_so_the_browser_can_move_events(commons_dir):
    html = _html(_plan(commons_dir), INDEX_PAGES["events"])
    assert '<div data-commons-events="upcoming" hidden>' in html  # nothing upcoming at build time
    assert '<div data-commons-events="past">' in html


def test_a_review_notice_is_written_hidden_until_its_date_passes(commons_dir):
    checklist = SMALL_COMMONS["practice/fieldwork/listing-checklist.md"].replace(
        "        authors: ben\n", "        authors: ben\n        review_by: 2026-12-15\n"
    )
    write_commons(commons_dir, {"practice/fieldwork/listing-checklist.md": checklist})
    html = _html(_plan(commons_dir), "practice/fieldwork/listing-checklist.md")
    assert '<div data-commons-review-by="2026-12-15" data-search-exclude hidden>' in html
    late = build_site_plan(build_commons(commons_dir).commons, today=dt.date(2027, 1, 5))
    assert '<div data-commons-review-by="2026-12-15" data-search-exclude>' in _html(
        late, "practice/fieldwork/listing-checklist.md"
    )


def test_stats_prints_the_health_check_and_gives_it_to_scripts(commons_dir, capsys, monkeypatch):
    monkeypatch.chdir(commons_dir.parent)
    assert main(["stats", str(commons_dir)]) == 0
    out = capsys.readouterr().out
    assert "Health check. Read on" in out and "Field Methods (Maturing)" in out and "Next step:" in out
    assert main(["stats", str(commons_dir), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    fieldwork = next(c for c in stats["communities"] if c["id"] == "fieldwork")["health"]
    assert [f["factor"] for f in fieldwork["factors"]][:2] == ["domain", "coordinator"]
    domain = fieldwork["factors"][0]
    assert domain["status"] == "partly" and domain["next_step"].startswith("Revisit the key questions")
    assert domain["evidence"][1] == "core group of 2 (coordinators included): Ana Silva, Ben Okafor"
    assert fieldwork["as_of"] == build_date().isoformat() and fieldwork["rings"]["signal"] == "small"


def test_generate_writes_the_value_and_health_pages(commons_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["generate", "--out", str(out), str(commons_dir)]) == 0
    assert "Value created" in (out / "value/index.md").read_text(encoding="utf-8")
    assert "Health check" in (out / "health/index.md").read_text(encoding="utf-8")
    assert Path(out / "assets/commons/commons.js").read_text().count("settleEvents") >= 2
