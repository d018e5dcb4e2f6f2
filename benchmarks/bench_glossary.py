"""What explaining glossary terms (and marking an artefact's sections) costs, beside converting the bodies.

    PYTHONPATH=plugins python benchmarks/bench_glossary.py /work/scratch/synth10k [--terms content/glossary]

Converts every artefact body of the commons once with Python-Markdown (the demo site's
extensions that matter for speed), cleans it as the plugin does, then times the plugin's
own pass over the result (``SitePlan.enrich``: sections and glossary) with the commons'
terms, and again with the terms of ``--terms`` (a glossary whose words do occur in text)
and with 500 made-up terms (a large glossary). Wall and CPU time for each step.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import markdown

from practice_commons import build_commons
from practice_commons.load import load_commons
from practice_commons.model import Term
from practice_commons.render.glossary import Glossary
from practice_commons.render.paths import up, url
from practice_commons.render.sanitise import Sanitiser
from practice_commons.render.sections import mark_sections
from practice_commons.resolve import resolve

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]


def _timed(step):
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _terms(folder: Path) -> list[Term]:
    loaded = load_commons(folder.parent)
    commons, _ = resolve([r for r in loaded.records if r.kind == "term"])
    return list(commons.terms.values())


def _made_up(count: int) -> list[Term]:
    from practice_commons.schema import TermSpec

    words = ["field", "survey", "panel", "cluster", "frame", "weight", "proxy", "cohort", "stratum", "listing"]
    terms = []
    for i in range(count):
        name = f"{words[i % 10]} {words[(i // 10) % 10]} {i}"
        terms.append(Term(f"t{i}", f"glossary/t{i}.md", f"Meaning of {name}.", 5, spec=TermSpec(term=name)))
    return terms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("commons", type=Path)
    parser.add_argument("--terms", type=Path, help="a glossary folder whose terms to use as well")
    parser.add_argument("--limit", type=int, help="only the first N artefacts")
    args = parser.parse_args()
    result, wall, cpu = _timed(lambda: build_commons(args.commons))
    print(f"load + validate: {wall:.2f} s wall, {cpu:.2f} s CPU")
    artefacts = list(result.commons.artefacts.values())[: args.limit]
    md = markdown.Markdown(extensions=EXTENSIONS)
    bodies, wall, cpu = _timed(lambda: [md.reset().convert(a.body) for a in artefacts])
    sanitiser = Sanitiser(())
    print(f"convert {len(bodies)} artefact bodies: {wall:.2f} s wall, {cpu:.2f} s CPU")
    clean, wall, cpu = _timed(lambda: [sanitiser.body(b) for b in bodies])
    print(f"sanitise: {wall:.2f} s wall, {cpu:.2f} s CPU")
    base = wall
    _, wall, cpu = _timed(lambda: [mark_sections(b, [("related", "Related")], "On this page") for b in clean])
    print(f"sections: {wall:.3f} s wall, {cpu:.3f} s CPU")
    sets = [("the commons' own", list(result.commons.terms.values()))]
    if args.terms:
        sets.append((str(args.terms), _terms(args.terms)))
    sets.append(("500 made-up", _made_up(500)))
    for name, terms in sets:
        glossary, wall, cpu = _timed(lambda terms=terms: Glossary(terms, sanitiser, url, up))
        out, wall2, cpu2 = _timed(
            lambda g=glossary: [g.explain(b, a.path) for b, a in zip(clean, artefacts, strict=True)]
        )
        found = sum(o.count('class="commons-term"') for o in out)
        print(
            f"glossary, {len(terms)} {name} terms: set up {wall:.3f} s, explain {wall2:.2f} s wall, {cpu2:.2f} s CPU "
            f"({found} mentions explained; {wall2 / base:.0%} of sanitising)"
        )


if __name__ == "__main__":
    main()
