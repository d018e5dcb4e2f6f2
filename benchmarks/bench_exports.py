"""Exports benchmark: sizes and time of the API, feeds, calendars, embeds at a large commons.

    python benchmarks/bench_exports.py [--artefacts 20000] [--dir DIR]

Generates a synthetic commons (or reads ``--dir``), plans the site with and
without the exports, and reports per export folder the files written, their
total and largest size, and the time the exports add. Exits 1 if an API
document is 1 MB or more: the API's promise is that no response grows unbounded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).parent))
from synth import generate  # noqa: E402

from practice_commons import build_commons  # noqa: E402
from practice_commons.render import build_site_plan  # noqa: E402
from practice_commons.render import plan as planning  # noqa: E402

LIMIT_BYTES = 1_000_000
EXPORTS = ("api", "calendars", "embeds", "feeds", "redirects")


class _Skip:
    @staticmethod
    def add(plan: object, x: object) -> None:
        """Stands for an export, to time the plan without it."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artefacts", type=int, default=20000)
    parser.add_argument("--dir", type=Path, help="an existing commons (default: a synthetic one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.dir or Path(tmp) / "content"
        if args.dir is None:
            print("generated:", generate(root, artefacts=args.artefacts))
        commons = build_commons(root).commons
        started = time.perf_counter()
        plan = build_site_plan(commons, site_url="https://intranet.example/commons/")
        full = time.perf_counter() - started
        with mock.patch.multiple(planning, **{name: _Skip for name in EXPORTS}):
            started = time.perf_counter()
            build_site_plan(commons, site_url="https://intranet.example/commons/")
            bare = time.perf_counter() - started
    files, total, largest = Counter(), Counter(), {}
    for path, data in plan.assets.items():
        folder = path.split("/")[0]
        files[folder] += 1
        total[folder] += len(data)
        largest[folder] = max(largest.get(folder, ("", 0)), (path, len(data)), key=lambda pair: pair[1])
    print(f"plan: {full:.1f} s with the exports, {bare:.1f} s without: exports {full - bare:.1f} s")
    for folder in sorted(files):
        path, size = largest[folder]
        sizes = f"{total[folder] / 1e6:7.1f} MB, largest {size / 1e6:.3f} MB"
        print(f"{folder:>9}: {files[folder]:>6} files, {sizes} ({path})")
    too_large = [path for path, data in plan.assets.items() if path.startswith("api/") and len(data) >= LIMIT_BYTES]
    if too_large:
        print("API documents of 1 MB or more:", ", ".join(too_large))
    return 1 if too_large else 0


if __name__ == "__main__":
    sys.exit(main())
