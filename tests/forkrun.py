"""``python -m MODULE ARGS`` for the suite's builds, forked from a process that has already imported MkDocs.

Every build the suite runs in a new interpreter spent over a second importing MkDocs, Material, the plugin and
their libraries before it read a file. A *zygote* per test process imports them once and nothing else: it runs
no build, starts no thread, keeps no state. Each run is a fork of it, in its own working directory and
environment, its output captured to files: a new process, as CI runs it, that starts where a fresh interpreter
would be after its imports. Where fork is not to be had, ``run`` falls back to a new interpreter.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: What the zygote imports: the modules every build imports anyway.
PRELOAD = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "material.plugins.search.plugin",
    "practice_commons.mkdocs_plugin",
    "practice_commons.render.plan",
    "practice_commons.analyse",
)

#: What runs forked. Not ``properdocs``: it stands in for MkDocs' modules only when it is imported before them.
FORKED = frozenset({"mkdocs"})

_ZYGOTE = r"""
import importlib, json, os, runpy, sys, threading

for name in sys.argv[1:]:
    importlib.import_module(name)
if threading.active_count() != 1:  # a thread would not survive the fork: say so, and serve nothing
    print(json.dumps({"ready": False}), flush=True)
    sys.exit(0)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid:
        print(json.dumps({"pid": pid}), flush=True)
    else:
        code = 1
        try:
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            sys.argv = [request["module"], *request["args"]]
            sys.modules.pop(request["module"] + ".__main__", None)  # run as a script, as ``-m`` does
            try:
                runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                if not isinstance(stop.code, (int, type(None))):
                    print(stop.code, file=sys.stderr)
            except BaseException:
                import traceback

                traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)
"""


class _Zygote:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.usable = hasattr(os, "fork") and sys.platform.startswith("linux")
        self.pending = b""

    def _answer(self, timeout: float | None = None) -> dict:
        """The zygote's next line, unbuffered so that waiting for it can time out."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            if not select.select([fd], [], [], timeout)[0]:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the zygote died")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return json.loads(line)

    def _start(self) -> bool:
        # The test process's own environment, whichever test comes first: the preloaded modules read none at
        # import that a build sets (Material's end-of-life notice reads it in ``material.templates``, not preloaded).
        self.process = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE, *PRELOAD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        try:
            self.usable = self._answer(120).get("ready", False)
        except (TimeoutError, RuntimeError, ValueError):
            self.usable = False
        if not self.usable:
            self.stop()
        return self.usable

    def run(
        self, module: str, args: list[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> subprocess.CompletedProcess | None:
        """The run's result, or ``None`` when there is no zygote to fork from."""
        with self.lock:
            if not self.usable or (self.process is None and not self._start()):
                return None
            assert self.process is not None and self.process.stdin is not None
            with tempfile.TemporaryDirectory(prefix="forkrun-") as folder:
                out, err = Path(folder, "stdout"), Path(folder, "stderr")
                request = {"module": module, "args": args, "cwd": str(cwd), "env": env,
                           "stdout": str(out), "stderr": str(err)}  # fmt: skip
                self.process.stdin.write((json.dumps(request) + "\n").encode())
                self.process.stdin.flush()
                pid = self._answer(60)["pid"]
                try:
                    code = self._answer(timeout)["returncode"]
                except TimeoutError:
                    os.kill(pid, signal.SIGKILL)
                    self._answer(60)
                    raise subprocess.TimeoutExpired([module, *args], timeout) from None
                read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""  # noqa: E731
                return subprocess.CompletedProcess([sys.executable, "-m", module, *args], code, read(out), read(err))

    def stop(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None


_zygote = _Zygote()
atexit.register(_zygote.stop)


def run(
    module: str, args: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess:
    """``python -m module args`` in ``cwd`` with ``env`` (the whole environment), its output captured as text."""
    done = _zygote.run(module, list(args), cwd, env, timeout) if module in FORKED else None
    if done is not None:
        return done
    command = [sys.executable, "-m", module, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
