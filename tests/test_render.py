"""The generated pages show what each kind of page must show, in the site's language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from practice_commons import build_commons, load
from practice_commons.render import build_site_plan
from practice_commons.render.i18n import Labels
from practice_commons.resolve import resolve

from .conftest import ROOT, write_commons

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo_result():
    return build_commons(ROOT / "content", today=TODAY)


@pytest.fixture(scope="module")
def demo(demo_result):
    return demo_result.commons


@pytest.fixture(scope="module")
def plan(demo_result):
    return build_site_plan(demo_result.commons, today=TODAY, pages=demo_result.pages)


def text(plan, path):
    return plan.pages[path].markdown


def test_community_page_shows_open_questions_people_practice_and_events(plan):
    page = text(plan, "communities/field-methods/index.md")
    assert "<li><strong>When a phone follow-up replaces a visit, what changes in the answers we get?</strong>" in page
    assert "<mark>Open</mark> No artefact answers this yet." in page
    assert '<strong>Coordinators:</strong> <a href="../../members/amara-diallo/">Amara Diallo</a>' in page
    assert '<strong>Peripheral:</strong> <a href="../../members/ben-carter/">Ben Carter</a>' in page
    for heading in ("Methods", "Upcoming events", "Recent events", "Success stories", "Related communities"):
        assert f">{heading}</h" in page, heading
    assert "The community is setting its boundaries" in page  # what a maturing community needs next
    assert "## How to join" in page  # the contributor's own Markdown stays, as Markdown


def test_member_page_links_everything_they_did(plan):
    page = text(plan, "members/joseph-mwangi.md")
    assert '<a href="../../practice/field-methods/listing-without-a-frame/">' in page
    assert '<a href="../../events/2026-01-20-sampling-clinic/">Clinic: sampling without a frame</a>' in page
    assert '<a href="../../success-stories/listing-saved-the-kisumu-sample/">' in page
    assert '<strong>Mentees:</strong> <a href="../../members/grace-njeri/">Grace Njeri</a>' in page


def test_private_fields_appear_on_no_page(plan, demo):
    files = [ROOT / "content" / m.path for m in demo.members.values() if "phone" in m.spec.private]
    phones = [re.search(r"phone: ([^,}]+)", f.read_text()).group(1).strip() for f in files]
    assert "+254 20 555 0143" in phones and len(phones) == 3
    for path, page in plan.pages.items():
        for phone in phones:
            assert phone not in page.markdown, f"{phone!r} published on {path}"
    pedro = demo.members["pedro-alvarez"]
    assert "location: Lima" in (ROOT / "content" / pedro.path).read_text() and "location" in pedro.spec.private
    header = plan.pages["members/pedro-alvarez.md"].before
    assert "Field IT Officer" in header and ">IT Services</a>" in header and "Lima" not in header
    assert "pedro.alvarez@tessera.example" in text(plan, "members/pedro-alvarez.md")  # what is not private shows


def test_artefact_page_marks_status_review_and_backlinks(plan):
    deprecated = text(plan, "practice/mobile-data-collection/solar-charging-kit.md")
    assert '<div class="admonition warning">\n<p class="admonition-title">Deprecated</p>' in deprecated
    overdue = text(plan, "practice/field-methods/field-safety-checklist.md")
    assert "was due for review on 30 September 2026" in overdue
    guide = text(plan, "practice/field-methods/listing-without-a-frame.md")
    lineage, backlinks = guide.split('id="lineage"')[1].split('id="related"')
    assert "Random walks: why we stopped using the right-hand rule</a>" in lineage  # as a derivative, in the lineage
    assert "derived from this" not in backlinks and 'id="referenced-by"' not in guide  # one list, no repeats
    assert backlinks.count("Random walks") == 1 and "the right-hand rule</a> — <em>cited in</em>" in backlinks
    assert "A listing that saved the Kisumu sample</a> — <em>evidence in</em>" in backlinks
    assert "Clinic: sampling without a frame</a> — <em>output of</em>" in backlinks
    walk = text(plan, "practice/field-methods/right-hand-rule-walk.md")
    assert "<strong>Derived from:</strong> <a href=" in walk


def test_topic_page_shows_declared_and_demonstrated_expertise(plan):
    page = text(plan, "experts/topics/anonymisation.md")

    def group(level: str) -> str:  # the people listed under one level's heading
        return page.split(f'<h3 id="people-{level}">')[1].split("<h")[0]

    priya = group("expert").split("members/priya-raman/")[1]
    assert "anonymisation-playbook" in priya and "Open to questions" in priya
    chen = group("demonstrated")  # undeclared, yet demonstrated
    assert "members/chen-wei/" in chen and "reidentification-drill-2026" in chen
    assert ">Practice on this topic</h2>" in page


def test_topics_match_case_and_accent_insensitively(tmp_path):
    files = {
        "communities/c/index.md": "---\ntitle: C\ndomain: D\nstage: potential\n---\n",
        "members/a.md": "---\nname: A\nexpertise: [{topic: Données ouvertes, level: expert}]\n---\n",
        "members/b.md": "---\nname: B\nexpertise: [{topic: donnees ouvertes, level: learning}]\n---\n",
        "practice/c/x.md": "---\ntitle: X\ntype: guide\ntopics: [DONNÉES  OUVERTES]\nauthors: [b]\n---\n",
    }
    commons = build_commons(write_commons(tmp_path, files)).commons
    assert list(commons.topics) == ["Données ouvertes"]
    plan = build_site_plan(commons, today=TODAY)
    assert [p for p in plan.pages if p.startswith("experts/topics/")] == ["experts/topics/donnees-ouvertes.md"]


def test_contributor_text_is_escaped_not_executed(tmp_path):
    files = {
        "communities/c/index.md": "---\ntitle: C <script>alert(1)</script>\ndomain: D\nstage: potential\n---\n",
        "members/a.md": "---\nname: A & B\nmemberships: [{community: c, role: active}]\n---\n",
    }
    plan = build_site_plan(build_commons(write_commons(tmp_path, files)).commons, today=TODAY)
    page = text(plan, "members/a.md")
    assert "C &lt;script&gt;alert(1)&lt;/script&gt;</a>" in page and "<h1>A &amp; B</h1>" in page


def test_listing_pages_are_out_of_search_and_entities_in(plan):
    assert plan.pages["members/index.md"].meta["search"] == {"exclude": True}
    assert plan.pages["practice/types/method.md"].meta["search"] == {"exclude": True}
    assert "search" not in plan.pages["members/amara-diallo.md"].meta
    assert "search" not in plan.pages["experts/topics/sampling.md"].meta


def test_contributor_index_page_stays_above_generated_content(plan):
    home = text(plan, "index.md")
    assert home.index("The Tessera Institute does applied research") < home.index(">Start here</h2>")


ENGLISH_ONLY = {
    value
    for key, value in Labels("en").table.items()
    if isinstance(value, str) and value != Labels("fr").table[key] and "{" not in value and len(value) > 3
}


def test_french_site_shows_no_english_labels(demo):
    plan = build_site_plan(demo, language="fr", today=TODAY)  # without the English home page's own text
    assert "<strong>Coordonnateurs\u202f:</strong>" in text(plan, "communities/field-methods/index.md")  # French colon
    assert "3 février 2026" in text(plan, "practice/field-methods/listing-without-a-frame.md")
    labels = "|".join(map(re.escape, sorted(ENGLISH_ONLY, key=len, reverse=True)))
    pattern = re.compile(r">(" + labels + r")(:?)<")
    for path, page in plan.pages.items():
        generated = page.before + page.after  # contributors' own text may be in any language
        found = pattern.search(generated)
        assert found is None, f"English label {found.group(1)!r} on French page {path}"


def test_links_follow_use_directory_urls(demo):
    plan = build_site_plan(demo, today=TODAY, directory_urls=False)
    page = text(plan, "members/joseph-mwangi.md")
    assert '<a href="../practice/field-methods/listing-without-a-frame.html">' in page
    assert '<a href="../communities/field-methods/index.html">' in page


def test_templates_are_overridable(demo, tmp_path):
    (tmp_path / "member.html").write_text("<h1>{{ member.title }}</h1>\n<p>Overridden {{ t('expertise') }}</p>\n")
    (tmp_path / "_breadcrumb.html").write_text("")  # the breadcrumb above each entity page, left out
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.yml").write_text("expertise: Know-how\n")
    plan = build_site_plan(demo, today=TODAY, overrides=tmp_path)
    page = plan.pages["members/amara-diallo.md"]
    assert page.before == "<h1>Amara Diallo</h1>\n<p>Overridden Know-how</p>"
    assert "Amara has run household surveys" in page.body  # no slot in the override: the text is kept
    assert ">Know-how</h2>" not in text(plan, "communities/field-methods/index.md")


def test_sponsor_named_only_by_the_community_file_shows_the_role(plan):
    page = text(plan, "members/claire-dubois.md")
    assert '<a href="../../communities/onboarding-circle/">Onboarding Circle</a> — Sponsor' in page
    directory = text(plan, "members/index.md")
    claire = next(line for line in directory.splitlines() if "members/claire-dubois/" in line)
    assert "Onboarding Circle" in claire


def test_a_field_holding_a_body_marker_cannot_split_the_page(commons_dir):
    # Bypass the loader, which refuses control characters: the renderer must hold on its own.
    loaded = load.load_commons(commons_dir)
    marked = {"name": "Cléo \x00body\x00 Martin"}
    records = [replace(r, data={**r.data, **marked}) if r.id == "cleo" else r for r in loaded.records]
    commons, _ = resolve(records)
    page = build_site_plan(commons).pages["members/cleo.md"]
    assert "Cléo \x00body\x00 Martin</h1>" in page.before


def test_page_templates_call_what_asks_for_jinja_context_with_it_and_the_rest_as_it_is(plan):
    # The renderer's own call path (``plan._Context``) must keep Jinja's: a template override may use such globals.
    import jinja2

    class Counter:
        @jinja2.pass_context
        def __call__(self, context, step=1):
            return f"{context['page']}+{step}"

        @jinja2.pass_context
        def where(self, context):  # a bound method: marked through its function
            return f"at {context['page']}"

    env = plan._renderer.env
    env.globals.update(page_of=jinja2.pass_context(lambda context: context["page"]), counter=Counter())
    try:
        template = env.from_string(
            "{{ page_of() }} {{ counter(step=2) }}{% for i in [1, 2] %} {{ t('colon') }}{{ i }}{% endfor %}"
            " {{ dict(a=1) }} {{ counter.where() }}"
        )
        assert template.render(page="here.md") == "here.md here.md+2 :1 :2 {&#39;a&#39;: 1} at here.md"
        with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
            env.from_string("{{ f() }}").render(f=lambda: next(iter(())))
    finally:
        del env.globals["page_of"], env.globals["counter"]


def test_page_templates_escape_what_they_print_as_markupsafe_does(plan, monkeypatch):
    # The renderer's templates print through their own ``escape`` (``plan._escape``): same text, fewer steps.
    import jinja2
    from markupsafe import Markup, escape

    class Html:
        def __html__(self):
            return "<i>safe</i>"

    values = ["<a href='x'>&\"</a>", Markup("<b>kept</b>"), 3, None, Html(), "", "plain é"]
    template = plan._renderer.env.from_string("{% for v in values %}[{{ v }}]{% endfor %}[{{ 'never' if false }}]")
    assert template.render(values=values) == "".join(f"[{escape(v)}]" for v in values) + "[]"
    with pytest.raises(jinja2.UndefinedError):
        plan._renderer.env.from_string("{{ missing }}").render()
    from practice_commons.render import plan as planning

    monkeypatch.setattr(planning, "_escape_inner", None)  # as with MarkupSafe 2, which has no such core
    again = plan._renderer.env.from_string("{% for v in values %}[{{ v }}]{% endfor %}")
    assert again.root_render_func.__globals__["escape"] is escape
    assert again.render(values=values) == "".join(f"[{escape(v)}]" for v in values)
