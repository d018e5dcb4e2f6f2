"""A new community's page invites people in instead of showing empty headings; counts read right in each language."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from practice_commons import build_commons, load
from practice_commons.cli import main
from practice_commons.render import build_site_plan
from practice_commons.render.i18n import Labels

from .conftest import write_commons

TODAY = dt.date(2026, 11, 27)


def community_page(root, language: str) -> str:
    result = build_commons(root)
    plan = build_site_plan(result.commons, language=language, today=TODAY, pages=result.pages)
    return html.unescape(plan.pages["communities/harbour/index.md"].markdown)


@pytest.fixture
def new_community(tmp_path, monkeypatch):
    """A community just made with `commons new community`, with nobody, no practice, no events, no stories."""
    root = write_commons(tmp_path / "content", {"index.md": "# Home\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["new", "community", "harbour"]) == 0
    return root


@pytest.mark.parametrize(
    ("language", "people", "practice"),
    [
        ("en", "Nobody has joined this community yet.", "No practice written down yet."),
        ("fr", "Personne n'a encore rejoint cette communauté.", "Aucune pratique n'est encore écrite."),
    ],
)
def test_empty_community_says_what_to_do_next_in_its_language(new_community, language, people, practice):
    page = community_page(new_community, language)
    assert people in page and practice in page
    assert "commons new member" in page and "--community harbour" in page
    assert "commons new artefact" in page and "commons new event" in page and "commons new story" in page
    assert "<ul>\n</ul>" not in page  # no empty list under a heading (the hidden event lists are for commons.js)


def test_scaffolded_community_publishes_no_placeholder_rhythm_or_question(new_community):
    assert main(["validate", str(new_community), "--strict"]) == 0
    page = community_page(new_community, "en")
    assert "monthly" not in page and "first question" not in page and "Why the organisation should care" not in page


def test_community_with_people_and_practice_shows_no_invitation(commons_dir):
    result = build_commons(commons_dir)
    plan = build_site_plan(result.commons, today=TODAY, pages=result.pages)
    page = plan.pages["communities/fieldwork/index.md"].markdown
    assert "Nobody has joined" not in page and "No practice written down" not in page


@pytest.mark.parametrize(
    ("language", "key", "one", "many"),
    [
        ("en", "artefacts_count", "1 artefact", "2 artefacts"),
        ("en", "members_count", "1 member", "3 members"),
        ("fr", "artefacts_count", "1 artefact", "2 artefacts"),
        ("fr", "members_count", "1 membre", "3 membres"),
        ("en", "attendance", "1 person attended", "2 people attended"),
        ("fr", "demonstrated_count", "1 artefact rédigé ou relu", "2 artefacts rédigés ou relus"),
    ],
)
def test_counts_agree_with_their_number(language, key, one, many):
    t = Labels(language)
    assert t(key, count=1) == one
    assert t(key, count=int(many.split()[0])) == many


@pytest.mark.parametrize(
    ("kind", "extra"),
    [("community", []), ("member", []), ("artefact", ["--community", "harbour"]), ("event", ["--community", "harbour"]),
     ("story", ["--community", "harbour"]), ("term", [])],
)  # fmt: skip
def test_every_placeholder_of_a_new_file_is_a_notice_at_its_line_until_replaced(new_community, kind, extra, capsys):
    if kind != "community":
        assert main(["new", kind, "x-one", *extra]) == 0
    capsys.readouterr()
    assert main(["validate", "--strict"]) == 0  # a new file still validates: notices never fail
    out = capsys.readouterr().out
    targets = {"community": "communities/harbour/index.md", "member": "members/x-one.md", "term": "glossary/x-one.md",
               "artefact": "practice/harbour/x-one.md", "story": "success-stories/x-one.md"}  # fmt: skip
    target = targets.get(kind) or next(new_community.glob("events/*.md")).relative_to(new_community).as_posix()
    lines = [line for line in out.splitlines() if line.startswith(f"content/{target}:") and "placeholder" in line]
    assert lines, out
    text = (new_community / target).read_text(encoding="utf-8").splitlines()
    for line in lines:
        number, quoted = int(line.split(":")[1]), line.split("here: '", 1)[1].rsplit("'", 1)[0]
        assert quoted[:20] in " ".join(text[number - 1 : number + 2]), (line, text[number - 1])


def test_a_placeholder_replaced_leaves_no_notice(new_community, capsys):
    page = new_community / "communities/harbour/index.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("Who this community is for, how to join, and what happens at its meetings.", "Boats.")
    text = text.replace("What this community is about, in one or two sentences", "Harbour logistics")
    page.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate"]) == 0
    assert "placeholder" not in capsys.readouterr().out


def test_the_placeholders_named_are_those_the_templates_hold():
    from importlib import resources

    from practice_commons.placeholders import PLACEHOLDERS

    folder = resources.files("practice_commons")
    texts = [" ".join(f.read_text("utf-8").split()) for f in folder.joinpath("scaffolds").iterdir()]
    texts += [" ".join(folder.joinpath(f"starter/{lang}/community.md").read_text("utf-8").split()) for lang in ("fr",)]
    for placeholder in PLACEHOLDERS:
        assert any(placeholder in text for text in texts), placeholder


def test_a_placeholder_is_found_wherever_it_stands_even_folded_over_lines_or_deep_in_a_list():
    from practice_commons.load import parse
    from practice_commons.placeholders import PLACEHOLDERS, placeholder_notices

    words = PLACEHOLDERS[2].split()  # "One sentence saying what this is and when to use it."
    folded = "\n  ".join([" ".join(words[:3]), " ".join(words[3:])])
    text = (
        f'---\ntitle: T\nsummary: |-\n  {folded}\nsteps:\n  - text: "{PLACEHOLDERS[5]}"\n'
        f"tags: [plain]\n---\n\nIntro.\n\n{PLACEHOLDERS[7]}\n"
    )
    parsed = parse(text, "practice/c/a.md")
    record = load.Record("artefact", "a", "practice/c/a.md", parsed.data, parsed.lines, parsed.body, parsed.body_line)
    found = [(p.line, p.message.split("here: ")[1]) for p in placeholder_notices([record])]
    assert found == [(3, f"'{PLACEHOLDERS[2]}'"), (7, f"'{PLACEHOLDERS[5]}'"), (13, f"'{PLACEHOLDERS[7]}'")]
    plain = load.Record("artefact", "b", "practice/c/b.md", {"title": "community"}, {}, "No placeholder here.\n", 4)
    assert placeholder_notices([plain]) == []
    # repr writes both quotes, spaces other than ' ' and line breaks escaped: still found
    quoted = {"steps": [{"text": 'He said "no". ' + PLACEHOLDERS[7].replace(" ", "\u00a0", 3).replace(" ", "\n", 1)}]}
    record = load.Record("story", "s", "success-stories/s.md", quoted, {("steps", 0): 5}, "", 9)
    assert [p.line for p in placeholder_notices([record])] == [5]


def test_the_loader_finds_every_placeholder_the_full_search_finds_however_the_front_matter_is_written(tmp_path):
    # The loader skips the search of files read fast whose text lacks a placeholder's words (load.may_hold):
    # each way of writing one must still give the notices of the search of the whole record.
    from practice_commons.placeholders import PLACEHOLDERS, placeholder_notices

    words = PLACEHOLDERS[2].split()
    rows = f"\n  {' '.join(words[:4])}\n  {' '.join(words[4:])}\n"  # over two rows of a block scalar
    french = PLACEHOLDERS[9]
    escaped = french.replace("é", "\\u00e9").replace("À", "\\xc0")  # only the composer reads escapes
    files = {
        "plain.md": f"---\ntitle: T\ntype: lesson\nsummary: {PLACEHOLDERS[2]}\n---\n",
        "folded.md": f"---\ntitle: T\ntype: lesson\nsummary: >-{rows}---\n",
        "literal.md": f"---\ntitle: T\ntype: lesson\nsummary: |{rows}---\n",
        "quoted.md": f"---\ntitle: T\ntype: lesson\ntags: ['{french.replace(chr(39), chr(39) * 2)}']\n---\n",
        "escaped.md": f'---\ntitle: T\ntype: lesson\nsummary: "{escaped}"\n---\n',
        "listed.md": f"---\ntitle: T\ntype: lesson\ntopics:\n  - {PLACEHOLDERS[6]}\n---\n",
        "body.md": f"---\ntitle: T\ntype: lesson\n---\n\nIntro.\n\n{PLACEHOLDERS[7]}\n",
        "none.md": "---\ntitle: About this community\ntype: lesson\nsummary: In one sentence.\n---\n\nText.\n",
    }
    (tmp_path / "practice/c").mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "practice/c" / name).write_text(text, encoding="utf-8")
    for name in files:
        record, problems = load._load_file_noticed(tmp_path, f"practice/c/{name}")
        expected = placeholder_notices([record])
        assert [p for p in problems if "placeholder" in p.message] == expected, name
        assert bool(expected) == (name != "none.md"), name
