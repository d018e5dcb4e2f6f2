"""Benchmark of `commons validate --changed` on the 10,000-artefact synthetic commons.

    python benchmarks/bench_changed.py [--artefacts 10000] [--repeat 3]

Generates the commons in a git repository (as a contributor's clone), then for each kind of
change (an artefact edited, a much-cited member edited, a community edited, an artefact deleted)
times, best of ``--repeat``:

* the check itself, in this process (``changed.validate_changed``: what the hook adds to a commit
  once Python and the package are loaded);
* ``commons validate --changed FILE`` as a user or pre-commit runs it (a new process: imports included);
* the full ``commons validate`` once, for comparison.

Exits 1 if the check itself takes a second or more.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import generate  # noqa: E402

from practice_commons.changed import validate_changed  # noqa: E402

COMMONS = [sys.executable, "-m", "practice_commons.cli"]
LIMIT_SECONDS = 1.0


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
                   check=True, capture_output=True)  # fmt: skip


def _best(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artefacts", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = args.artefacts
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        generate(root, artefacts=size, communities=size // 100, members=size // 5, events=size // 10)
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "synthetic commons")
        artefact = sorted((root / "practice").glob("*/*.md"))[0]
        member = root / "members" / sorted(p.name for p in (root / "members").glob("*.md"))[1]
        community = sorted((root / "communities").glob("*/index.md"))[0]
        for path in (artefact, member, community):
            path.write_text(path.read_text().replace("\n---\n", "\n---\n\nEdited.\n", 1))
        deleted = sorted((root / "practice").glob("*/*.md"))[-1]
        deleted.unlink()
        cases = {"artefact edited": artefact, "member edited": member, "community edited": community,
                 "artefact deleted": deleted}  # fmt: skip
        print(f"{size:,} artefacts, {sum(1 for _ in root.rglob('*.md')):,} files; best of {args.repeat}")
        print(f"{'change':<18} {'files read':>10} {'problems':>8} {'check':>8} {'command':>8}")
        worst = 0.0
        for name, path in cases.items():
            rel = path.relative_to(root).as_posix()
            result, read = validate_changed(root, [rel])
            check = _best(args.repeat, lambda rel=rel: validate_changed(root, [rel]))
            command = _best(args.repeat, lambda path=path: subprocess.run(
                [*COMMONS, "validate", str(root), "--changed", str(path)], capture_output=True))  # fmt: skip
            worst = max(worst, check)
            print(f"{name:<18} {len(read):>10} {len(result.problems):>8} {check:>7.2f}s {command:>7.2f}s")
        full = _best(1, lambda: subprocess.run([*COMMONS, "validate", str(root)], capture_output=True))
        print(f"{'full validate':<18} {'all':>10} {'':>8} {'':>8} {full:>7.2f}s")
    if worst >= LIMIT_SECONDS:
        print(f"FAIL: the check took {worst:.2f}s (limit {LIMIT_SECONDS}s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
