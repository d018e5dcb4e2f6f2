"""No content, however mangled, makes the core raise: it becomes problems."""

from __future__ import annotations

import random
import shutil

from practice_commons import build_commons

from .conftest import ROOT

MANGLES = (
    lambda text, rng: text[: rng.randrange(len(text))],  # cut anywhere
    lambda text, rng: text.replace(":", "", 1),  # lose a colon
    lambda text, rng: text.replace("- ", "-", 1),  # break a list item
    lambda text, rng: text.replace("[", "{", 1),  # mismatched brackets
    lambda text, rng: text.replace("\n  ", "\n", 2),  # break indentation
    lambda text, rng: text.replace("2026-", "2026-13-", 1),  # impossible dates
    lambda text, rng: text.replace("---\n", "---\n- ", 1),  # front matter becomes a list
    lambda text, rng: text.replace("title:", "title: [1, {a: b}]\nx:", 1),  # wrong types
    lambda text, rng: text.replace(": ", ": &a x\ny: *a\nz: ", 1),  # anchors and aliases
    lambda text, rng: text.replace("community", "community: {}\n  c", 1),  # nested junk
    lambda text, rng: "\x00\xff" + text,  # binary-looking start
)


def test_mangled_demo_content_never_raises(tmp_path):
    rng = random.Random(20261126)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    files = sorted(p for p in content.rglob("*.md") if p.name != "index.md" or p.parent.parent.name == "communities")
    for round_ in range(6):
        for path in rng.sample(files, 25):
            text = path.read_text(encoding="utf-8", errors="replace")
            path.write_text(rng.choice(MANGLES)(text, rng), encoding="utf-8")
        result = build_commons(content)  # must not raise
        assert result.problems, f"round {round_}: mangled content reported nothing"
        assert all(p.path and p.line >= 1 for p in result.problems)
