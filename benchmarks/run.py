"""The scale benchmark of issue 12: every build target, as ratios measured in the same run.

    python benchmarks/run.py [--sizes 1000 10000 20000] [--runs 3] [--keep DIR]

For each size (artefacts; with size/100 communities, size/5 members and size/10
events, see ``synth.py``) it generates the synthetic commons, then builds, on the
same files and alternately (baseline, commons, baseline, commons...):

* the baseline: plain Material over the same Markdown, search on, entity pages
  out of the navigation (``bench_build.baseline_nav``);
* the site with the ``commons`` plugin.

Each build is a new ``mkdocs build`` process. It prints, minimum and median of the
runs: wall time, CPU time (user + system of the whole process tree, the render-ahead
process included) and peak memory (PSS of the whole process tree, sampled), then the
output size, the largest entity and index pages, the search payload (what a reader
downloads on a first search) and ``commons validate`` on the same files. Then the
ratios, and the targets:

1. wall time <= 1.3x the baseline (minimum of the runs), CPU time <= 1.4x (minimum);
2. peak memory <= 1.5x the baseline (median);
3. ``commons validate`` under 5 s;
5. a search payload under 1 MB;
6. no index page over ``INDEX_LIMIT``, no index page that grows with the commons (the largest
   page of each kind, two largest sizes, see ``page_kinds.py``), and cost per page flat from the
   smallest size to the largest (commons seconds per page within 1.25x).

It exits 1 when a target is missed. The authoring loop (target 4) has its own,
longer benchmark: ``bench_serve.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import page_sizes, write_config  # noqa: E402
from page_kinds import GROWTH_LIMIT, growing, page_kinds, table  # noqa: E402
from synth import generate  # noqa: E402

WALL_LIMIT, CPU_LIMIT, MEMORY_LIMIT = 1.3, 1.4, 1.5
VALIDATE_SECONDS = 5.0
SEARCH_LIMIT = 1024 * 1024
INDEX_LIMIT = 512 * 1024
FLAT_LIMIT = 1.25
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak: int  # bytes, PSS of the process tree


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except OSError:
            pass
    return found


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (pages shared with a fork count half for each)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, every: float = 0.05) -> Run:
    """Run ``command``; its wall time, CPU time and peak memory, children included. Exits if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def search_payload(site: Path) -> tuple[int, str]:
    """Bytes a reader downloads on a first search, and what they are."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return material.stat().st_size, "search/search_index.json"
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        # Entry, wasm, one index chunk and one fragment: a first query's download (roughly; chunks are even).
        first = [pagefind / "pagefind-entry.json", pagefind / "pagefind.js"]
        first += sorted(pagefind.glob("*.pf_meta"))[:1] + sorted(pagefind.glob("wasm.*"))[:1]
        first += sorted((pagefind / "index").glob("*"))[:1] + sorted((pagefind / "fragment").glob("*"))[:5]
        return sum(path.stat().st_size for path in first if path.is_file()), "pagefind (first query)"
    return 0, "none"


def stats(runs: list[Run]) -> dict[str, tuple[float, float]]:
    """Minimum and median of each measure."""
    return {
        name: (min(values), statistics.median(values))
        for name, values in (
            ("wall", [r.wall for r in runs]),
            ("cpu", [r.cpu for r in runs]),
            ("peak", [r.peak for r in runs]),
        )
    }


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def bench_size(size: int, runs: int, root: Path) -> dict:
    """Generate the commons of ``size`` artefacts in ``root`` and measure both builds and validate."""
    content = root / "content"
    if not content.is_dir():
        generate(content, artefacts=size, communities=max(size // 100, 3), members=size // 5, events=size // 10)
    pages = sum(1 for _ in content.rglob("*.md"))
    configs = {name: write_config(root, name, name == "commons") for name in ("plain", "commons")}
    measured: dict[str, list[Run]] = {"plain": [], "commons": []}
    for index in range(runs):
        for name, config in configs.items():
            run = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], root)
            measured[name].append(run)
            print(f"  {size:,} run {index + 1}/{runs} {name:<8} wall {run.wall:6.1f}s cpu {run.cpu:6.1f}s "
                  f"peak {mb(run.peak)}", flush=True)  # fmt: skip
    validate = min(
        measure([sys.executable, "-m", "practice_commons.cli", "validate", str(content)], root).wall
        for _ in range(runs)
    )
    site = root / "commons"
    (entity, entity_at), (listing, listing_at) = page_sizes(site)
    return {
        "size": size, "pages": pages, "plain": stats(measured["plain"]), "commons": stats(measured["commons"]),
        "out_plain": folder_size(root / "plain"), "out_commons": folder_size(site),
        "entity": (entity, entity_at), "index": (listing, listing_at),
        "search_plain": search_payload(root / "plain"), "search": search_payload(site), "validate": validate,
        "kinds": page_kinds(site), "communities": max(size // 100, 3),
    }  # fmt: skip


def report(rows: list[dict], runs: int) -> list[str]:
    """Print the tables; the targets missed."""
    print(f"\nbuilds: {runs} of each, alternately; min / median")
    print(f"{'artefacts':>9} {'pages':>7} | {'wall plain':>13} {'wall commons':>13} {'ratio':>11} | "
          f"{'CPU plain':>13} {'CPU commons':>13} {'ratio':>11} | {'peak plain':>11} {'peak commons':>12} "
          f"{'ratio (med)':>11}")  # fmt: skip
    missed = []
    for row in rows:
        p, c = row["plain"], row["commons"]
        ratio = {k: (c[k][0] / p[k][0], c[k][1] / p[k][1]) for k in ("wall", "cpu", "peak")}
        row["ratio"] = ratio
        print(f"{row['size']:>9,} {row['pages']:>7,} | "
              f"{p['wall'][0]:>5.1f}/{p['wall'][1]:>5.1f}s {c['wall'][0]:>5.1f}/{c['wall'][1]:>5.1f}s "
              f"{ratio['wall'][0]:>4.2f}/{ratio['wall'][1]:>4.2f}x | "
              f"{p['cpu'][0]:>5.1f}/{p['cpu'][1]:>5.1f}s {c['cpu'][0]:>5.1f}/{c['cpu'][1]:>5.1f}s "
              f"{ratio['cpu'][0]:>4.2f}/{ratio['cpu'][1]:>4.2f}x | "
              f"{mb(p['peak'][1]):>11} {mb(c['peak'][1]):>12} {ratio['peak'][1]:>10.2f}x")  # fmt: skip
    print(f"\n{'artefacts':>9} | {'output plain':>12} {'commons':>10} | {'largest entity page':>40} | "
          f"{'largest index page':>40} | {'search payload plain':>20} {'commons':>28} | {'validate':>8}")  # fmt: skip
    for row in rows:
        (entity, entity_at), (listing, listing_at) = row["entity"], row["index"]
        search, what = row["search"]
        print(f"{row['size']:>9,} | {mb(row['out_plain']):>12} {mb(row['out_commons']):>10} | "
              f"{kb(entity):>9} {entity_at[-30:]:<30} | {kb(listing):>9} {listing_at[-30:]:<30} | "
              f"{kb(row['search_plain'][0]):>20} {kb(search):>9} {what[:18]:<18} | "
              f"{row['validate']:>7.2f}s")  # fmt: skip
    for row in rows:
        size, ratio = f"{row['size']:,}", row["ratio"]
        if ratio["wall"][0] > WALL_LIMIT:
            missed.append(f"1 build: wall {ratio['wall'][0]:.2f}x at {size} (limit {WALL_LIMIT}x)")
        if ratio["cpu"][0] > CPU_LIMIT:
            missed.append(f"1 build: CPU {ratio['cpu'][0]:.2f}x at {size} (limit {CPU_LIMIT}x)")
        if ratio["peak"][1] > MEMORY_LIMIT:
            missed.append(f"2 memory: peak {ratio['peak'][1]:.2f}x at {size} (limit {MEMORY_LIMIT}x)")
        if row["validate"] >= VALIDATE_SECONDS:
            missed.append(f"3 validate: {row['validate']:.2f}s at {size} (limit {VALIDATE_SECONDS}s)")
        if row["search"][0] >= SEARCH_LIMIT:
            missed.append(f"5 search: payload {kb(row['search'][0])} at {size} (limit {kb(SEARCH_LIMIT)})")
        if row["index"][0] > INDEX_LIMIT:
            missed.append(f"6 pages: {row['index'][1]} is {kb(row['index'][0])} at {size} (limit {kb(INDEX_LIMIT)})")
    print("\nlargest page of each kind (index pages must not grow with the commons: longer lists go on more pages)")
    print("\n".join(table([(f"{row['size']:,}", row["kinds"]) for row in rows])))
    if len(rows) > 1:
        # The two largest sizes: by then the bounded lists (a few people per level of a topic...) are full.
        before, after = rows[-2], rows[-1]
        for kind, growth in growing(before["kinds"], after["kinds"], (before["communities"], after["communities"])):
            missed.append(f"6 pages: the largest {kind} page grows {growth:.2f}x from {before['size']:,} to "
                          f"{after['size']:,} artefacts (limit {GROWTH_LIMIT}x)")  # fmt: skip
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["commons"]["wall"][0] / last["pages"]) / (first["commons"]["wall"][0] / first["pages"])
        print(f"\ncommons seconds per page, {last['size']:,} against {first['size']:,} artefacts: {growth:.2f}x "
              f"(flat = 1.00)")  # fmt: skip
        if growth > FLAT_LIMIT:
            missed.append(f"1 build: cost per page grows {growth:.2f}x (limit {FLAT_LIMIT}x)")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size (default 3)")
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the commons under DIR/<size>/ and keep them")
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            root = (args.keep / str(size)) if args.keep else Path(tmp)
            root.mkdir(parents=True, exist_ok=True)
            rows.append(bench_size(size, args.runs, root))
            if args.keep:
                for name in ("plain", "commons"):
                    shutil.rmtree(root / name, ignore_errors=True)
    missed = report(rows, args.runs)
    print()
    for line in missed:
        print(f"MISSED target {line}")
    if not missed:
        print("every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
