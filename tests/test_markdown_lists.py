"""Lists render nested as on GitHub, with the demo's Markdown extensions.

Each expected tree is what GitHub's renderer (cmark-gfm) makes of the case: the
nesting of ``ul``, ``ol``, ``li``, ``pre`` and ``blockquote``, whitespace and ``<p>`` aside.
"""

from __future__ import annotations

import html.parser
import time

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_commons.markdown.lists import normalise_lists

from .conftest import ROOT

EXTENSION = "practice_commons.markdown.lists"


def _demo_markdown() -> markdown.Markdown:
    """Python-Markdown configured as the demo's mkdocs.yml configures it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        configs[name] = options or {}
    assert EXTENSION in names, "the demo renders lists as GitHub does"
    return markdown.Markdown(extensions=names, extension_configs=configs)


MD = _demo_markdown()


def render(text: str) -> str:
    MD.reset()
    return MD.convert(text)


class _Tree(html.parser.HTMLParser):
    TAGS = ("ul", "ol", "li", "pre", "blockquote", "div", "details", "dl", "dd", "h1", "h2", "h3")

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.tags, self.parts = tags, []

    def handle_starttag(self, tag, attrs):
        if tag in self.tags:
            self.parts.append(tag + "(")

    def handle_endtag(self, tag):
        if tag in self.tags:
            self.parts.append(")")


def tree(html_text: str, tags: tuple[str, ...] = ("ul", "ol", "li", "pre", "blockquote")) -> str:
    """``ul(li(ol(li))li)``: the nesting of ``tags`` in ``html_text``."""
    parser = _Tree(tags)
    parser.feed(html_text)
    return "".join(parser.parts).replace("()", "")


GITHUB_CASES = {
    "tight bullets nested by two spaces": ("- a\n  - b\n    - c\n- d\n", "ul(li(ul(li(ul(li))))li)"),
    "tight bullets nested by four spaces": ("- a\n    - b\n        - c\n- d\n", "ul(li(ul(li(ul(li))))li)"),
    "loose bullets nested by two spaces": ("- a\n\n  - b\n\n- c\n", "ul(li(ul(li))li)"),
    "loose bullets nested by four spaces": ("- a\n\n    - b\n\n- c\n", "ul(li(ul(li))li)"),
    "ordered under a bullet at two spaces": ("- a\n  1. b\n  2. c\n- d\n", "ul(li(ol(lili))li)"),
    "ordered under a bullet at three spaces": ("- a\n   1. b\n   2. c\n- d\n", "ul(li(ol(lili))li)"),
    "bullets under 1. at three spaces": ("1. a\n   - b\n   - c\n2. d\n", "ol(li(ul(lili))li)"),
    "bullets under 10. at four spaces": ("10. a\n    - b\n11. c\n", "ol(li(ul(li))li)"),
    "bullets under 1. at two spaces are not nested": ("1. a\n  - b\n2. c\n", "ol(li)ul(li)ol(li)"),
    "mixed, four levels": (
        "1. a\n   - b\n     1. c\n        - d\n          text\n2. e\n",
        "ol(li(ul(li(ol(li(ul(li))))))li)",
    ),
    "code fence inside an item": ("- a\n\n  ```\n  - not a list\n    - at all\n  ```\n- b\n", "ul(li(pre)li)"),
    "code fence on the marker line": ("- ```\n  code\n  ```\n- b\n", "ul(li(pre)li)"),
    "indented code inside an item": ("- a\n\n      - code\n- b\n", "ul(li(pre)li)"),
    "paragraph continuation inside an item": ("- a\n  continued\n  - b\n    continued\n- c\n", "ul(li(ul(li))li)"),
    "second paragraph of an item, then a list": ("- a\n\n  more\n  - b\n- c\n", "ul(li(ul(li))li)"),
    "lazy continuation line": ("- a\n  - b\nlazy\n- c\n", "ul(li(ul(li))li)"),
    "list right after a paragraph": ("Para\n- a\n  - b\n- c\n", "ul(li(ul(li))li)"),
    "2. cannot start a list inside a paragraph": ("- a\n  2. b\n", "ul(li)"),
    "bullet list then ordered list": ("- a\n1. b\n", "ul(li)ol(li)"),
    "two markers on one line": ("- 1. a\n     - b\n- c\n", "ul(li(ol(li(ul(li))))li)"),
    "empty item, content on the next line": ("-\n  a\n  - b\n", "ul(li(ul(li)))"),
    "task list nested by two spaces": ("- [ ] a\n  - [x] b\n", "ul(li(ul(li)))"),
    "list in a block quote nested by two spaces": ("> - a\n>   - b\n> - c\n", "blockquote(ul(li(ul(li))li))"),
    "quote inside an item": ("- a\n  > q\n  > - b\n  >   - c\n- d\n", "ul(li(blockquote(ul(li(ul(li)))))li)"),
    # The Open Practice Library's 4Ls retrospective: a loose list, nested by two spaces.
    "4Ls retrospective agenda": (
        "* Introduction\n\n  * Kickoff 4Ls definition\n* Collection\n\n  * Time boxed activity\n"
        "* Categorization\n\n  * Summarize & group lessons into themes\n* Next Steps\n",
        "ul(li(ul(li))li(ul(li))li(ul(li))li)",
    ),
    # Its daily standup: an ordered list five spaces in, right after the item's text.
    "daily standup agenda": (
        "* Use an online visual timer. The core agenda is:\n     1. What I did yesterday\n"
        "     2. What I am doing today\n     3. I have blockers\n\n* People tend to talk more\n",
        "ul(li(ol(lilili))li)",
    ),
}


@pytest.mark.parametrize("text, github", GITHUB_CASES.values(), ids=GITHUB_CASES.keys())
def test_lists_nest_as_on_github(text, github):
    assert tree(render(text)) == github


def test_text_of_items_stays_with_its_item():
    page = " ".join(render("- a\n  continued\n  - b\n- c\n  2. not a list\n").split())
    assert "<li>a continued<ul>" in page
    assert "<li>c 2. not a list</li>" in page
    code = render("- a\n\n  ```\n  - x\n    - y\n  ```\n")
    assert tree(code) == "ul(li(pre))"
    assert "- x\n  - y\n" in code


def test_ordered_list_keeps_its_first_number():
    assert '<ol start="3">' in render("3. a\n4. b\n")


# -- what is not a list is left alone ---------------------------------------------------------

LIST_FREE = """# Title

Para with *emphasis*
and a second line.

    indented code
    - not a list
      - at all

```
- fenced
  - not a list
```

!!! note "Read this"
    Admonition text.

        code in an admonition

=== "Tab one"

    Text in a tab.

??? tip
    Details body.

A footnote.[^1]

[^1]: The footnote.
    Its second paragraph.

Term
:   Definition.

    More definition.

> A quote
> on two lines.

| a | b |
|---|---|
| 1 | 2 |
"""


def test_text_without_lists_is_unchanged():
    assert normalise_lists(LIST_FREE) == LIST_FREE


def test_indented_code_outside_lists_stays_code():
    page = render("Para\n\n    - a\n      - b\n")
    assert tree(page) == "pre"
    assert "- a\n  - b" in page


def test_extension_blocks_keep_four_spaces_and_their_lists_nest():
    text = (
        '!!! note\n    Text.\n\n    * a\n      * b\n    * c\n\n=== "Tab"\n\n    - t\n      1. u\n\n'
        "??? tip\n    - d\n      - e\n\nFootnote.[^1]\n\n[^1]: Note.\n\n    - f\n      - g\n\n"
        "Term\n:   Definition.\n\n    - h\n      - i\n"
    )
    page = render(text)
    assert tree(page, ("div", "details", "dl", "dd", "ul", "ol", "li")) == (
        "div(ul(li(ul(li))li))div(divdiv(div(ul(li(ol(li))))))details(ul(li(ul(li))))dl(dd(ul(li(ul(li)))))"
        "div(ol(li(ul(li(ul(li))))))"  # the footnotes, at the end
    )
    assert 'class="admonition note"' in page and "tabbed-set" in page and "<details" in page


def test_admonition_inside_an_item():
    page = render("- a\n\n    !!! note\n        Text.\n\n        - b\n          - c\n- d\n")
    assert tree(page, ("div", "ul", "li")) == "ul(li(div(ul(li(ul(li)))))li)"


def test_heading_inside_an_item():
    assert tree(render("- a\n  ### Heading\n  text\n- b\n"), ("ul", "li", "h3")) == "ul(li(h3)li)"


# -- any input --------------------------------------------------------------------------------

PIECES = ["- ", "* ", "+ ", "1. ", "2) ", "10. ", "-", " ", "  ", "   ", "    ", "\t", "\n", "\n\n", "```", "~~~",
          "> ", ">", "!!! note\n", '=== "T"\n', "???+ x\n", "[^1]: ", ":   ", "#", "## ", "***", "---", "<div>",
          "</div>", "a", "b c", "`", "|"]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_any_text_keeps_its_characters_in_order(pieces):
    text = "".join(pieces)
    out = normalise_lists(text)
    assert "".join(out.split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_renders_with_the_demo_extensions(pieces):
    render("".join(pieces))


@pytest.mark.parametrize(
    "text",
    [
        "- " * 50_000 + "x",  # many markers on one line
        "\n".join(" " * (2 * (i % 300)) + "- x" for i in range(3000)),  # a staircase
        "- " * 40 + "x\n" + "lazy\n" * 20_000,  # lazy lines under a deep list
        ">" * 50_000 + " - a\n",  # nested quotes
        "\n".join(" " * (4 * (i % 100)) + "!!! n" for i in range(2000)),  # nested admonitions
        "-\n" * 50_000,  # empty items
        "- ```\n" * 20_000,  # fences that never close
        "1" * 50_000 + ". a\n",
        "\t" * 50_000 + "- a\n",
    ],
    ids=["markers", "staircase", "lazy", "quotes", "admonitions", "empty", "fences", "digits", "tabs"],
)
def test_hostile_lists_take_linear_time_and_bounded_output(text):
    start = time.perf_counter()
    out = normalise_lists(text)
    assert time.perf_counter() - start < 5
    assert len(out) <= 16 * len(text.expandtabs(4)) + 1000
