"""Where a build's memory goes over time: run a command, print each process of its tree's PSS every 2 seconds.

    PYTHONPATH=plugins .venv/bin/python benchmarks/memline.py .venv/bin/mkdocs build -q -f commons.yml

Each line: seconds since the start, the tree's total PSS, then each process above 5 MB (its program and first
argument). The last line gives the peak of the total, sampled every 0.25 s. PSS shares a page among the
processes that map it, so the render-ahead and writer forks' copy-on-write pages are not counted twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from run import _pss, _tree  # the same sampling as run.py's peak


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            parts = [part.decode(errors="replace") for part in cmdline.read().split(b"\0") if part]
    except OSError:
        return "?"
    return " ".join([os.path.basename(parts[0])] + parts[1:2])[:40] if parts else "?"


def main(command: list[str]) -> int:
    process = subprocess.Popen(command)
    start, peak, shown = time.monotonic(), 0.0, -2.0
    while process.poll() is None:
        sizes = [(_name(pid), _pss(pid) / 2**20) for pid in _tree(process.pid)]
        total = sum(size for _, size in sizes)
        peak = max(peak, total)
        now = time.monotonic() - start
        if now - shown >= 2:
            shown = now
            rows = "  ".join(f"{name}: {size:.0f}" for name, size in sizes if size > 5)
            print(f"{now:6.1f} s  {total:6.0f} MB  {rows}", flush=True)
        time.sleep(0.25)
    print(f"peak {peak:.0f} MB; exit status {process.returncode}; {time.monotonic() - start:.1f} s")
    return process.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
