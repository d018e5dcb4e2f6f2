"""Build benchmark: the full site with the `commons` plugin against plain Material.

    python benchmarks/bench_build.py [--sizes 1000 5000 10000] [--repeat 1] [--against DIR]

For each size (artefacts; with size/100 communities, size/5 members and size/10
events) it generates a synthetic commons and times, in the same run and on the
same files:

* the baseline: a plain Material build of those Markdown pages without the
  plugin (search on, eight pages in the navigation like the plugin's eight
  index pages, the rest out of it as any large site must do with Material);
* the full build with the ``commons`` plugin: validation, every entity page
  enriched, topic and index pages added.

It reports seconds, the ratio, peak memory, and the largest entity page and
index page in the output. Targets, checked on the largest size: a ratio of at
most 1.3, and index pages under about 1 MB. It exits 1 when one is missed.
``--against DIR`` also builds with the plugin from another checkout (``DIR/plugins``,
say a worktree of the previous release) in the same run, so a change's cost is a
ratio of ratios measured side by side rather than against an old number.
(At small sizes the ratio is higher: the synthetic commons has about 480 topics
at every size, and so 480 topic pages, a third of the pages at 1,000
artefacts but a twenty-fifth at 10,000.)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from page_kinds import ENTITY_KINDS, kind_of  # noqa: E402
from synth import generate  # noqa: E402

RATIO_LIMIT = 1.3
INDEX_LIMIT = 1024 * 1024
CONFIG = """\
site_name: Benchmark commons
docs_dir: content
site_dir: {site}
theme:
  name: material
  font: false
  features: [navigation.prune, navigation.indexes]
plugins: [search{plugins}]
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]
{nav}
validation:
  omitted_files: ignore
"""


def baseline_nav(content: Path) -> str:
    """As many navigation entries as the plugin's (eight index pages), so both sites render the same nav."""
    pages = ["index.md"] + sorted(p.relative_to(content).as_posix() for p in content.glob("communities/*/index.md"))
    return "nav:\n" + "".join(f"  - {page}\n" for page in pages[:8])


def write_config(root: Path, name: str, with_plugin: bool) -> Path:
    """``root/<name>.yml``: the commons site, or plain Material over the same files, built into ``root/<name>``."""
    config = root / f"{name}.yml"
    config.write_text(
        CONFIG.format(
            site=root / name,
            plugins=", commons" if with_plugin else "",
            nav="" if with_plugin else baseline_nav(root / "content"),
        )
    )
    return config


def build(root: Path, name: str, with_plugin: bool, code: Path | None = None) -> tuple[float, int]:
    config = write_config(root, name, with_plugin)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if code is not None:
        env["PYTHONPATH"] = str(code / "plugins")  # that checkout's package wins over the installed one
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=root, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"{name} build failed:\n{run.stderr[-3000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def is_entity_page(rel: Path) -> bool:
    # By kind (``page_kinds``): the pages of all practice (practice/all/<n>/) are an index, not an artefact.
    return kind_of(rel.as_posix()) in ENTITY_KINDS


def page_sizes(site: Path) -> tuple[tuple[int, str], tuple[int, str]]:
    entity, listing = (0, ""), (0, "")
    for html in site.rglob("index.html"):
        rel = html.relative_to(site)
        if rel.parts[0] in ("search", "assets"):
            continue
        size = (html.stat().st_size, rel.parent.as_posix() + "/")
        if is_entity_page(rel):
            entity = max(entity, size)
        else:
            listing = max(listing, size)
    return entity, listing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another checkout whose plugin is measured in the same run")
    args = parser.parse_args()
    rows = []
    print(f"{'artefacts':>9} {'pages':>7} {'plain Material':>15} {'with commons':>13} {'ratio':>6} "
          f"{'peak RSS':>9} {'largest entity page':>30} {'largest index page':>34}")  # fmt: skip
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            generate(root / "content", artefacts=size, communities=size // 100, members=size // 5, events=size // 10)
            pages = sum(1 for _ in (root / "content").rglob("*.md"))
            plain = min(build(root, "plain", False)[0] for _ in range(args.repeat))
            runs = [build(root, "commons", True) for _ in range(args.repeat)]
            if args.against:
                other = min(build(root, "against", True, args.against)[0] for _ in range(args.repeat))
            full = min(t for t, _ in runs)
            peak = max(m for _, m in runs)
            (entity, entity_at), (listing, listing_at) = page_sizes(root / "commons")
        ratio = full / plain
        print(f"{size:>9,} {pages:>7,} {plain:>14.1f}s {full:>12.1f}s {ratio:>5.2f}x {peak / 1024:>7.0f}MB "
              f"{entity / 1024:>6.0f} KB {entity_at[:21]:<21} {listing / 1024:>6.0f} KB {listing_at[:25]}")  # fmt: skip
        if args.against:
            print(f"{'':>9} {'':>7} {'':>15} {other:>12.1f}s {other / plain:>5.2f}x  with {args.against}: "
                  f"this checkout costs {full / other:.2f}x that build")  # fmt: skip
        rows.append((size, ratio, listing))
    size, ratio, listing = max(rows)
    if ratio > RATIO_LIMIT or listing > INDEX_LIMIT:
        print(f"FAIL at {size:,} artefacts: ratio {ratio:.2f} (limit {RATIO_LIMIT}), largest index page "
              f"{listing // 1024} KB (limit {INDEX_LIMIT // 1024} KB)")  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
