"""A hostile commons: injection payloads in every front-matter text field and in every body.

Each payload that would run script calls ``alert(N)`` with its own number, so a test
that watches dialogs can tell which one got through. Payloads rotate across copies of
each kind, so every payload lands in every field of every kind.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Attacker-controlled host: nothing may be loaded from it.
EVIL = "evil.example"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><iframe src=javascript:alert(4)>",
    "<!-- the rest of the page disappears",
    "</title><script>alert(5)</script>",
    '<a href="javascript:alert(6)">click</a>',
    "[markdown link](javascript:alert(7))",
    "<details open ontoggle=alert(8)>",
    "<body onload=alert(9)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    f"<style>*{{background:url(http://{EVIL}/style.png)}}</style>",
    f'<meta http-equiv="refresh" content="0;url=http://{EVIL}/">',
    f'<base href="http://{EVIL}/">',
    f'<form action="http://{EVIL}/"><input type=submit value=go></form>',
    '<iframe srcdoc="<script>alert(11)</script>"></iframe>',
    '<object data="javascript:alert(12)"></object>',
    '<embed src="javascript:alert(13)">',
    "<input autofocus onfocus=alert(14)>",
    "<video><source onerror=alert(15)></video>",
    '<a href="JaVaScRiPt:alert(16)">case</a>',
    '<a href="java&#x09;script:alert(17)">tab</a>',
    f'<img src="http://{EVIL}/pixel.png">',
    f"![remote image](http://{EVIL}/remote.png)",
    f'<div style="background-image:url(http://{EVIL}/bg.png)">bg</div>',
    f"<link rel=stylesheet href=http://{EVIL}/x.css>",
    "<svg><script>alert(18)</script></svg>",
    '<a href="data:text/html,<script>alert(19)</script>">data</a>',
    "<img src=x:alert(20) onerror=eval(src)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(21)>">',
    "<select><template><style><img src=x onerror=alert(22)>",
    '<a href="vbscript:msgbox(23)">vb</a>',
    f'<audio src="http://{EVIL}/a.mp3" autoplay></audio>',
    f'<iframe src="https://{EVIL}/embed" title="Evil embed"></iframe>',
    '<p id="__config">{"base":"http://evil.example"}</p>',
    "{{ 7*7 }}{% if true %}jinja{% endif %}",
    "Text{: onclick=alert(24) }",
    "<javascript:alert(25)>",
    '<div markdown="1" onmouseover="alert(26)">hover</div>',
    f'<img srcset="http://{EVIL}/s.png 2x" src="local.png" alt="srcset">',
]

BODY_EXTRA = """
[reference link][evil]

[evil]: javascript:alert(27)

![img ref](javascript:alert(28))
"""


def _y(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


#: Payloads that swallow what follows them (an unclosed comment, style or template): last in a body.
_OPENERS = ("<!--", "<style", "<select", "<math", "<noscript", "<details", "<body", "<iframe src=javascript")


def _body(heading: str) -> str:
    ordered = sorted(PAYLOADS, key=lambda p: any(o in p for o in _OPENERS))
    return f"# {heading}\n" + BODY_EXTRA + "\n" + "\n\n".join(ordered) + "\n"


def hostile_commons(count: int | None = None) -> dict[str, str]:
    """path -> file text for a commons where every text field and body carries payloads."""
    n = count or len(PAYLOADS)

    def p(k: int, field: int) -> str:
        return _y(PAYLOADS[(k + field) % len(PAYLOADS)])

    files: dict[str, str] = {
        "index.md": f"---\ntitle: {p(0, 1)}\ndescription: {p(0, 2)}\n---\n" + _body("Home"),
        "about.md": f"---\ntitle: {p(0, 3)}\ndescription: {p(0, 4)}\ntags: [{p(0, 5)}]\n---\n" + _body("About"),
        "notes.md": _body("<img src=x onerror=alert(29)> heading title"),
    }
    for k in range(n):
        files[f"members/m{k}.md"] = f"""---
name: {p(k, 0)}
job_title: {p(k, 1)}
unit: {p(k, 2)}
location: {p(k, 3)}
expertise:
  - {{topic: {p(k, 4)}, level: expert}}
memberships:
  - {{community: c{k}, role: active}}
mentors: [m{(k + 1) % n}]
open_to: [{p(k, 5)}, mentoring]
contact: {{email: m{k}@example.org, chat: {p(k, 6)}, phone: {p(k, 7)}, office: {p(k, 8)}}}
---
""" + _body(f"Member {k}")
        files[f"communities/c{k}/index.md"] = f"""---
title: {p(k, 0)}
domain: {p(k, 1)}
stage: maturing
key_questions:
  - {{id: q1, question: {p(k, 2)}}}
  - {{id: q2, question: {p(k, 3)}}}
coordinators: [m{(k + 1) % n}]
value_proposition: {p(k, 4)}
business_problems: [{p(k, 5)}]
rhythm: {{cadence: {p(k, 6)}, formats: [{p(k, 7)}]}}
channels:
  - {{name: {p(k, 8)}, url: "https://chat.example/c{k}"}}
resources: {{time: {p(k, 9)}, budget: {p(k, 10)}, support: {p(k, 11)}}}
---
""" + _body(f"Community {k}")
        files[f"practice/c{k}/a{k}.md"] = f"""---
title: {p(k, 0)}
type: method
summary: {p(k, 1)}
authors: [m{k}]
topics: [{p(k, 2)}]
tags: [{p(k, 3)}]
answers: [q1]
---
""" + _body(f"Artefact {k}")
        files[f"events/2026-01-{k % 28 + 1:02d}-e{k}.md"] = f"""---
title: {p(k, 0)}
community: c{k}
kind: clinic
start: 2026-01-{k % 28 + 1:02d}
location: {p(k, 1)}
url: "https://meet.example/e{k}"
hosts: [m{k}]
---
""" + _body(f"Event {k}")
        files[f"success-stories/s{k}.md"] = f"""---
title: {p(k, 0)}
communities: [c{k}]
narrators: [m{k}]
steps:
  - {{cycle: immediate, text: {p(k, 1)}, evidence: [{_y("metric: " + PAYLOADS[(k + 2) % len(PAYLOADS)])}]}}
  - {{cycle: applied, text: {p(k, 3)}, evidence: ["artefact:a{k}"]}}
---
""" + _body(f"Story {k}")
        files[f"glossary/t{k}.md"] = f"""---
term: {p(k, 0)}
aliases: [{p(k, 1)}]
communities: [c{k}]
---
""" + _body(f"Term {k}")
    return files


def write_hostile(root: Path, count: int | None = None) -> Path:
    for rel, text in hostile_commons(count).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
