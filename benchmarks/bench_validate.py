"""Validation benchmark: `commons validate` on synthetic commons of growing size.

    python benchmarks/bench_validate.py [--sizes 1000 5000 10000] [--repeat 3]

For each size (artefacts; with size/100 communities, size/5 members and size/10
events) it generates a commons, then times in the same run:

* the baseline: reading every file with python-frontmatter (``frontmatter.load``),
  the least any front-matter tool does;
* ``commons validate DIR`` as a user runs it (a new process: imports included).

It reports the best of ``--repeat`` runs, the ratio to the baseline, the time per
1,000 artefacts (flat when growth is linear) and peak memory, and exits 1 if the
10,000-artefact commons takes 5 seconds or more or if validation reports anything.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frontmatter

sys.path.insert(0, str(Path(__file__).parent))
from synth import generate  # noqa: E402

COMMONS = [sys.executable, "-m", "practice_commons.cli"]
LIMIT_SECONDS = 5.0


def baseline(root: Path) -> float:
    started = time.perf_counter()
    for path in root.rglob("*.md"):
        frontmatter.load(path)
    return time.perf_counter() - started


def validate(root: Path) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = subprocess.run([*COMMONS, "validate", str(root)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if run.returncode != 0 or run.stdout:
        sys.exit(f"validation reported problems on synthetic content:\n{run.stdout[:2000]}{run.stderr}")
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            root = Path(tmp) / str(size)
            counts = generate(root, artefacts=size, communities=size // 100, members=size // 5, events=size // 10)
            files = sum(counts.values()) + 1
            base = min(baseline(root) for _ in range(args.repeat))
            runs = [validate(root) for _ in range(args.repeat)]
            best = min(t for t, _ in runs)
            peak = max(m for _, m in runs)
            rows.append((size, files, base, best, peak))
    print(f"{'artefacts':>9} {'files':>7} {'frontmatter.load':>17} {'commons validate':>17} {'ratio':>6} "
          f"{'s per 1k art.':>14} {'peak RSS':>9}")  # fmt: skip
    for size, files, base, best, peak in rows:
        print(f"{size:>9,} {files:>7,} {base:>16.2f}s {best:>16.2f}s {best / base:>5.2f}x "
              f"{best / size * 1000:>13.3f}s {peak / 1024:>7.0f}MB")  # fmt: skip
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last[3] / first[3]) / (last[0] / first[0])
        print(f"growth from {first[0]:,} to {last[0]:,} artefacts: {growth:.2f} of linear (1.00 = linear)")
    largest = max(rows)
    if largest[0] >= 10000 and largest[3] >= LIMIT_SECONDS:
        print(f"FAIL: {largest[0]:,} artefacts took {largest[3]:.2f}s (limit {LIMIT_SECONDS}s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
