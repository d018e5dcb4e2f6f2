"""The authoring loop: how long after saving an artefact `mkdocs serve` shows the edit.

    python benchmarks/bench_serve.py [--artefacts 10000] [--edits 3] [--dirty] [--baseline] [--keep DIR]
                                     [--edit text|summary|title] [--pause SECONDS]

Generates the synthetic commons (``synth.py``), starts ``mkdocs serve`` on it with the
``commons`` plugin (``--dirty``: MkDocs' ``--dirtyreload``), waits for the first build, then
edits one artefact ``--edits`` times and times each edit from the save to the moment the
served page contains it (polled over HTTP, as a browser's live reload would fetch it).
``--edit``: what each edit changes: a line added to the text (the default), or the artefact's
``summary`` or ``title`` in its front matter (a title shows on every page that lists the artefact).
``--pause``: seconds between a page served and the next save (1 by default; a person takes longer).
``--baseline`` measures plain Material serving the same files in the same run. Exits 1
when an edit takes longer than ``LIMIT_SECONDS``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import ENV, write_config  # noqa: E402
from synth import generate  # noqa: E402

LIMIT_SECONDS = 3.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _wait_for(url: str, marker: str | None, timeout: float, every: float = 0.1) -> float:
    """Seconds until ``url`` answers (and contains ``marker``); exits after ``timeout``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = _get(url)
        if body is not None and (marker is None or marker in body):
            return time.perf_counter() - started
        time.sleep(every)
    sys.exit(f"{url} did not show {marker!r} within {timeout:.0f}s")


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the process ``pid`` has used so far; 0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edited(original: str, marker: str, what: str) -> str:
    """The artefact's file with ``marker`` in its text, or in its front matter's ``summary`` or ``title``."""
    if what == "text":
        return original + f"\n\n{marker}\n"
    lines = original.splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if line.startswith(f"{what}: "))
    lines[at] = f"{what}: {lines[at][len(what) + 2 :].strip()} {marker}\n"
    return "".join(lines)


def loop(root: Path, name: str, with_plugin: bool, edits: int, dirty: bool, what: str = "text",
         pause: float = 1.0) -> list[float]:  # fmt: skip
    """Start ``mkdocs serve`` and time each edit of one artefact until the served page shows it."""
    config = write_config(root, name, with_plugin)
    artefact = sorted((root / "content" / "practice").glob("*/*.md"))[0]
    page = artefact.relative_to(root / "content").with_suffix("").as_posix() + "/"
    port = _port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    server = subprocess.Popen(command, cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = artefact.read_text(encoding="utf-8")
    times = []
    try:
        url = f"http://127.0.0.1:{port}/{page}"
        first = _wait_for(url, None, timeout=1800)
        print(f"  {name}: first build served after {first:.1f}s", flush=True)
        for number in range(edits):
            marker = f"edit-{os.getpid()}-{number}-{time.time_ns()}"
            # At least the watcher's debounce: a save right after a build would be folded into it. A person saves
            # every few seconds at most; a save sooner than ``rebuild.SETTLE`` after a build waits for its collection.
            time.sleep(pause)
            started, cpu = time.perf_counter(), _cpu(server.pid)
            artefact.write_text(edited(original, marker, what), encoding="utf-8")
            _wait_for(url, marker, timeout=600)
            times.append(time.perf_counter() - started)
            used = _cpu(server.pid) - cpu
            load = os.getloadavg()[0]
            print(f"  {name}: edit {number + 1} shown after {times[-1]:.2f}s (server CPU {used:.2f}s, load {load:.1f})",
                  flush=True)  # fmt: skip
    finally:
        artefact.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artefacts", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty (rebuild only what changed)")
    parser.add_argument("--baseline", action="store_true", help="also time plain Material serving the same files")
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the commons in DIR")
    parser.add_argument(
        "--edit",
        choices=("text", "summary", "title"),
        default="text",
        help="what each edit changes: the artefact's text, or its front matter's summary or title",
    )
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a page served and the next save")
    args = parser.parse_args()
    size = args.artefacts
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        if not (root / "content").is_dir():
            generate(root / "content", artefacts=size, communities=max(size // 100, 3), members=size // 5,
                     events=size // 10)  # fmt: skip
        commons = loop(root, "commons", True, args.edits, args.dirty, args.edit, args.pause)
        plain = loop(root, "plain", False, args.edits, args.dirty, args.edit, args.pause) if args.baseline else []
    print(f"{size:,} artefacts: an edit shown after {min(commons):.2f}s (best), {max(commons):.2f}s (worst)"
          + (f"; plain Material {min(plain):.2f}s / {max(plain):.2f}s" if plain else ""))  # fmt: skip
    if max(commons) > LIMIT_SECONDS:
        print(f"FAIL: {max(commons):.2f}s (limit {LIMIT_SECONDS}s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
