"""Check what a commit touches, fast: the changed files, and the references into and out of them.

``commons validate --changed`` (and the pre-commit hook) runs this instead of the whole check.
Which files exist, and so which ids, comes from the folder listing alone (an id is its file's
name); only a few files are read:

* the changed files, and everything their text names by id (references out of them), with
  the community folder an artefact sits in (its key questions);
* the files whose text mentions the id of a changed or deleted file (references into them),
  found with ``git grep`` when the commons is in a git work tree, else by reading every file.

References to ids outside that set are known to exist (``resolve(known=...)``) and are not
followed. Reported: every problem of a changed file, and the problems of the other files read
that name a changed id (a reference the change broke). A problem elsewhere in the commons is
left to the full check, which CI runs.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from . import Result
from .load import Cache, LoadResult, classify, survey

if TYPE_CHECKING:
    from .vocabulary import ValueTable

# Words that could be ids: what a reference or an entity link (member:ana) is written with.
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def git_changed(root: Path) -> list[str] | None:
    """Files under ``root`` (relative to it) git sees as changed: staged or not, new or deleted; None without git."""

    def git(*args: str) -> list[str] | None:
        try:
            run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return run.stdout.split("\0") if run.returncode == 0 else None

    tracked = git("diff", "--name-only", "--relative", "-z", "HEAD", "--", ".")
    if tracked is None:  # no commit yet: everything staged is new
        tracked = git("diff", "--name-only", "--relative", "-z", "--cached", "--", ".")
    untracked = git("ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    if tracked is None or untracked is None:
        return None
    return sorted({path for path in tracked + untracked if path})


class _Mentions:
    """The files whose text holds one of ``words`` as a word: ``git grep`` runs while the caller lists the folder."""

    def __init__(self, root: Path, words: set[str]) -> None:
        self.root, self.words, self.process = root, words, None
        if not words:
            return
        args = ["git", "-C", str(root), "grep", "--untracked", "-l", "-z", "-w", "-F"]
        for word in sorted(words):
            args += ["-e", word]
        try:  # only pages are read: images and data files need no search
            self.process = subprocess.Popen(
                [*args, "--", "*.md"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
        except OSError:
            self.process = None

    def files(self, files: list[str]) -> set[str]:
        if not self.words:
            return set()
        if self.process is not None:
            try:
                out, _ = self.process.communicate(timeout=60)
                if self.process.returncode in (0, 1):  # 1: found nothing
                    return {path for path in out.split("\0") if path}
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
        words = "|".join(map(re.escape, sorted(self.words)))
        pattern = re.compile(rf"(?<![A-Za-z0-9_])(?:{words})(?![A-Za-z0-9_])")
        found = set()
        for rel in files:  # not a git work tree: read every file
            try:
                if pattern.search((self.root / rel).read_text(encoding="utf-8", errors="replace")):
                    found.add(rel)
            except OSError:
                continue
        return found


def validate_changed(
    root: Path,
    changed: list[str],
    today: dt.date | None = None,
    external_hosts: tuple[str, ...] = (),
    values: ValueTable | None = None,
) -> tuple[Result, list[str]]:
    """Check the files ``changed`` (relative to ``root``; deleted ones included) and the references into and
    out of them. Returns the result (its commons holds only the files read) and the paths read, sorted."""
    touched = {found[1] for rel in changed if (found := classify(rel))}
    mentions = _Mentions(root, touched)
    # Imported while git searches: pydantic and the schemas take as long as the search (a third of a second).
    from .links import check_links
    from .photos import check_photos
    from .resolve import resolve

    files, refused = survey(root)
    present = set(files)
    ids: dict[str, set[str]] = defaultdict(set)  # kind -> ids
    paths_of: dict[str, set[str]] = defaultdict(set)  # id -> the files it names, whatever their kind
    for rel in files:
        if found := classify(rel):
            ids[found[0]].add(found[1])
            paths_of[found[1]].add(rel)
    changed = sorted(set(changed))
    read = {rel for rel in changed if rel in present}
    for rel in sorted(read):
        text = (root / rel).read_text(encoding="utf-8", errors="replace")
        for word in set(_WORD.findall(text)):
            read |= paths_of.get(word, set())
        found = classify(rel)
        if found and found[0] == "artefact":
            read.add(f"communities/{found[2]}/index.md")
    for ident in touched:  # the same id elsewhere: a duplicate
        read |= paths_of.get(ident, set())
    read |= mentions.files(files)
    read = {rel for rel in read if rel in present}
    for rel in [r for r in read if (found := classify(r)) and found[0] == "artefact"]:
        read.add(f"communities/{classify(rel)[2]}/index.md")  # its key questions
    read &= present
    loaded = LoadResult(problems=[p for p in refused if p.path in changed], rejected=[p.path for p in refused])
    for rel, (record, problems) in zip(sorted(read), Cache().load_all(root, sorted(read)), strict=True):
        loaded.problems.extend(problems)
        if record is None:
            loaded.rejected.append(rel)
        elif record.kind == "page":
            loaded.pages[rel] = record
        else:
            loaded.records.append(record)
    commons, problems = resolve(loaded.records, today, known=ids, values=values)
    names = re.compile(r"'(" + "|".join(map(re.escape, sorted(touched))) + r")'") if touched else None

    def reported(problem) -> bool:
        return problem.path in changed or (names is not None and bool(names.search(problem.message)))

    problems += check_links(root, loaded, commons, today, external_hosts)
    problems += check_photos(root, loaded.records, commons)[0]
    found = sorted([p for p in loaded.problems + problems if reported(p)], key=lambda p: p.sort_key)
    return Result(commons, found, frozenset(loaded.rejected), loaded.pages), sorted(read)
