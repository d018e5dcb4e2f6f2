"""Graph benchmark: what the relationship graph costs a build, and what /network/ costs a reader.

    python benchmarks/bench_graph.py [--artefacts 10000] [--runs 3]

On a synthetic commons (``synth.py``; at 10,000 artefacts: 100 communities, 2,000
members, 1,000 events) it measures, in the same run:

* the full site build with the ``commons`` plugin (wall time, and CPU time of the
  build's processes), the baseline;
* the graph work on the same commons, in this process: building the graph and
  its insights (``analyse.network.analyse``), laying out and drawing the
  community map and the people network, and drawing every ego graph (each
  member and community page) and every lineage;
* ``/network/`` and one member page in headless Chromium (cold cache, served from
  localhost): time from navigation to the load event, bytes transferred, and how
  many nodes each picture draws.

Targets: graph work under 10% of the full build (CPU against CPU), /network/ loaded
in under 2 s with under 2 MB transferred (Material's search index, which its search
worker fetches on every page, is reported apart: see issue 12). Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.server
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "plugins"))
from bench_build import CONFIG  # noqa: E402
from synth import generate  # noqa: E402

from practice_commons import build_commons  # noqa: E402
from practice_commons.analyse.network import analyse  # noqa: E402
from practice_commons.render.i18n import Labels  # noqa: E402
from practice_commons.render.network import NetworkPictures  # noqa: E402

SHARE_LIMIT = 0.10
LOAD_LIMIT = 2.0
BYTES_LIMIT = 2 * 1024 * 1024


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def full_build(root: Path) -> tuple[float, float, Path]:
    site = root / "site"
    config = root / "mkdocs.yml"
    config.write_text(CONFIG.format(site=site, plugins=", commons", nav=""))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent / "plugins")
    cpu, wall = cpu_of_children(), time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=root, env=env,
                         capture_output=True, text=True)  # fmt: skip
    wall, cpu = time.perf_counter() - wall, cpu_of_children() - cpu
    if run.returncode != 0:
        sys.exit(f"build failed:\n{run.stderr[-3000:]}")
    return wall, cpu, site


def graph_work(content: Path) -> dict[str, float]:
    commons = build_commons(content).commons
    gc.collect()
    times: dict[str, float] = {}

    def timed(name: str, work) -> object:
        cpu, wall = cpu_of_self(), time.perf_counter()
        value = work()
        times[name + " wall"] = time.perf_counter() - wall
        times[name + " cpu"] = cpu_of_self() - cpu
        return value

    net = timed("analyse", lambda: analyse(commons))
    pictures = NetworkPictures(net, Labels("en"), lambda path: path, lambda unit: unit)
    timed("network page", lambda: (pictures.community_map(), pictures.people()))

    def egos() -> None:
        for x in commons.members.values():
            pictures.member(x)
        for c in commons.communities.values():
            pictures.community(c)
        for a in commons.artefacts.values():
            pictures.lineage(a)

    timed("ego graphs", egos)
    return times


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def _note_outside(origin: str, outside: list[str], request) -> None:
    if not request.url.startswith(origin):
        outside.append(request.url)


def browse(site: Path, paths: list[str], runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_port}"
    keys = ("load s", "bytes", "search bytes", "nodes", "outside")
    found: dict[str, dict[str, list[float]]] = {path: {key: [] for key in keys} for path in paths}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            for _ in range(runs):
                for path in paths:
                    context = browser.new_context()  # a cold cache each time
                    page = context.new_page()
                    outside: list[str] = []
                    page.on("request", functools.partial(_note_outside, origin, outside))
                    page.goto(f"{origin}/{path}", wait_until="networkidle")
                    # Material's search fetches its index in a worker on every page: counted apart (issue 12).
                    timing = page.evaluate(
                        """() => {
                          const nav = performance.getEntriesByType('navigation')[0];
                          const rest = performance.getEntriesByType('resource');
                          const size = (rs) => rs.reduce((n, r) => n + r.encodedBodySize, 0);
                          const search = rest.filter((r) => r.name.includes('search_index.json'));
                          return [nav.loadEventEnd / 1000,
                                  nav.encodedBodySize + size(rest.filter((r) => !search.includes(r))),
                                  size(search),
                                  document.querySelectorAll('svg.pc-graph .pc-node').length];
                        }"""
                    )
                    for key, value in zip(("load s", "bytes", "search bytes", "nodes"), timing, strict=True):
                        found[path][key].append(value)
                    found[path]["outside"].append(len(outside))
                    context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return {path: {k: statistics.median(v) for k, v in values.items()} for path, values in found.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--artefacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="Chromium loads per page (the median is reported)")
    parser.add_argument("--keep", help="build in this folder and keep it (to look at the pages afterwards)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp)
        root.mkdir(parents=True, exist_ok=True)
        generate(root / "content", artefacts=args.artefacts)
        wall, cpu, site = full_build(root)
        work = graph_work(root / "content")
        member = sorted(p.parent.name for p in (site / "members").glob("*/index.html"))[0]
        pages = browse(site, ["network/", f"members/{member}/"], args.runs)
        graph_json = (site / "api/graph.json").stat().st_size

    graph_cpu = sum(v for k, v in work.items() if k.endswith("cpu"))
    graph_wall = sum(v for k, v in work.items() if k.endswith("wall"))
    print(f"synthetic commons: {args.artefacts:,} artefacts, {args.artefacts // 5:,} members")
    print(f"full build with the plugin: {wall:.1f} s wall, {cpu:.1f} s CPU (all processes)")
    for name in ("analyse", "network page", "ego graphs"):
        print(f"  {name:<14} {work[name + ' wall']:6.2f} s wall  {work[name + ' cpu']:6.2f} s CPU")
    share = graph_cpu / cpu
    print(f"graph work: {graph_cpu:.2f} s CPU = {share:.1%} of the build's CPU "
          f"({graph_wall / wall:.1%} of its wall time)")  # fmt: skip
    print(f"api/graph.json: {graph_json / 1e6:.1f} MB")
    failed = share > SHARE_LIMIT
    for path, m in pages.items():
        print(
            f"{path:<28} load {m['load s']:.2f} s  {m['bytes'] / 1e6:.2f} MB (+ search index "
            f"{m['search bytes'] / 1e6:.1f} MB)  {m['nodes']:.0f} nodes drawn  {m['outside']:.0f} requests elsewhere"
        )
        failed |= m["outside"] > 0
    network = pages["network/"]
    failed |= network["load s"] > LOAD_LIMIT or network["bytes"] > BYTES_LIMIT
    print("FAIL" if failed else "OK", f"(targets: graph work < {SHARE_LIMIT:.0%} of the build; /network/ < "
          f"{LOAD_LIMIT:.0f} s and < {BYTES_LIMIT / 1e6:.0f} MB; nothing from elsewhere)")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
