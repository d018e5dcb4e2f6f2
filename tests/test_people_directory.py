"""The people directory (/members/): A–Z in pages of a fixed size, so no page grows with the commons."""

from __future__ import annotations

import re

from practice_commons import build_commons
from practice_commons.render import build_site_plan, paths
from practice_commons.render.paths import generated_pages

from .conftest import write_commons

NAMES = ["Émile Zola", "Ana Silva", "Bea Kim", "Bruno Ivanova", "Carla Mensah", "Zoe Haddad", "Eva Okafor", "9 Lives"]


def _plan(commons_dir, monkeypatch, size=3):
    monkeypatch.setattr(paths, "PEOPLE_PAGE_SIZE", size)
    write_commons(commons_dir, {f"members/p{i}.md": f"---\nname: {name}\n---\n" for i, name in enumerate(NAMES)})
    commons = build_commons(commons_dir).commons
    return commons, build_site_plan(commons)


def test_people_directory_is_split_in_pages_of_a_fixed_size_listing_everyone_once(commons_dir, monkeypatch):
    commons, plan = _plan(commons_dir, monkeypatch)
    pages = [path for path in plan.pages if path == "members/index.md" or path.startswith("members/pages/")]
    assert len(pages) == -(-len(commons.members) // 3)
    listed = [x.id for path in pages for x in plan.pages[path].values["people"]]
    assert sorted(listed) == sorted(commons.members)
    assert all(len(plan.pages[path].values["people"]) <= 3 for path in pages)
    assert generated_pages(commons) >= set(pages)


def test_people_directory_files_accented_names_under_their_letter_and_links_each_letter(commons_dir, monkeypatch):
    commons, plan = _plan(commons_dir, monkeypatch)
    first = plan.pages["members/index.md"].markdown
    letters = re.findall(r'href="([^"]*)#letter-([a-z]+)">([^<]+)</a>', first)
    assert [letter for _, _, letter in letters] == sorted(letter for _, _, letter in letters)
    assert ("E" in [x for _, _, x in letters]) and ("#" in [x for _, _, x in letters])
    # "Émile" sits with "Eva" under E: the page the E link points to has the row with its anchor.
    target, anchor, _ = next(entry for entry in letters if entry[2] == "E")
    page = next(path for path in plan.pages if path.startswith("members/pages/") and target.endswith(
        paths.url(path).rstrip("/").rsplit("/", 1)[-1] + "/"))  # fmt: skip
    assert f'id="letter-{anchor}"' in plan.pages[page].markdown
    assert 'aria-current="page">1<' in first and "People A–Z" in first


def test_people_directory_pager_stays_bounded_however_many_pages(commons_dir, monkeypatch):
    commons, plan = _plan(commons_dir, monkeypatch, size=1)
    last = len(commons.members)
    html = plan.pages["members/pages/5.md"].markdown
    pager = html.split('class="commons-pager"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">(\d+|…)<", pager) == ["1", "…", "3", "4", "5", "6", "7", "…", str(last)]


def test_who_knows_what_is_split_in_pages_of_a_fixed_number_of_topics(commons_dir, monkeypatch):
    """At 10,000 artefacts and ~6,000 topics one /experts/ page was 1.7 MB: now each page holds a fixed number."""
    monkeypatch.setattr(paths, "EXPERTS_PAGE_SIZE", 3)
    topics = ["Sampling", "Consent", "Weighting", "Ethics", "Listing", "Coding", "Translation"]
    expertise = "".join(f"  - {{topic: {topic}, level: expert}}\n" for topic in topics)
    write_commons(commons_dir, {"members/ana.md": f"---\nname: Ana Silva\nexpertise:\n{expertise}---\n"})
    commons = build_commons(commons_dir).commons
    plan = build_site_plan(commons)
    pages = ["experts/index.md", *(f"experts/pages/{n}.md" for n in range(2, 2 + len(plan.pages) + 1))]
    pages = [path for path in pages if path in plan.pages]
    assert len(pages) == paths.experts_pages(len(commons.topics)) == -(-len(commons.topics) // 3) >= 3
    listed = [topic for path in pages for topic in plan.pages[path].values["expertise"]]
    assert sorted(listed) == sorted(commons.topics) and len(listed) == len(set(listed))
    assert all(len(plan.pages[path].values["expertise"]) <= 3 for path in pages)
    assert generated_pages(commons) >= set(pages)
    second = plan.pages["experts/pages/2.md"]
    assert second.meta["title"] == f"Who knows what, page 2 of {len(pages)}"
    pager = second.markdown.split('class="commons-pager"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="page">2<' in pager and 'href="../../../experts/">1<' in pager
    assert '<span aria-current="page">2</span>' in second.markdown  # the breadcrumb: Who knows what › 2
