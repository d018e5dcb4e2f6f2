"""Problems in the browser while authoring: on the page of the file they are in, and on ``/problems/``.

Only for builds that are not strict (``mkdocs serve``, ``mkdocs build``): a strict build fails on
these problems and must publish none of this. A file whose front matter cannot be read gets an
error page at its own address instead of a 404; what it holds is not published.

Problem messages quote the values they are about. A member file's problems are shown only when
the member keeps nothing ``private``: otherwise a mistake in a private field would publish it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .. import model as m
from ..problems import Problem, Severity
from .plan import SitePlan

#: The page listing every problem.
PROBLEMS_PAGE = "problems.md"
#: What a page's box shows: notices (an overdue review) are on /problems/ only.
SHOWN_ON_PAGES = (Severity.ERROR, Severity.WARNING)


def _private(path: str, commons: m.Commons) -> bool:
    """Whether the problems of ``path`` could quote a value its member keeps private."""
    if not path.startswith("members/"):
        return False
    member = commons.members.get(Path(path).stem)
    return member is None or member.path != path or bool(member.spec.private)


def _readable(docs_dir: Path, path: str) -> bool:
    """A page file in the content folder, reached through no link (links are never published)."""
    target = docs_dir / path
    chain = [target, *target.parents[: len(Path(path).parts) - 1]]
    return path.endswith(".md") and target.is_file() and not any(p.is_symlink() for p in chain)


def add_problem_pages(
    plan: SitePlan,
    problems: list[Problem],
    commons: m.Commons,
    rejected: frozenset[str],
    docs_dir: Path,
    shown: str,
    titles: tuple[str, str],
    taken: set[str],
    audience: str = "internal",
) -> dict[str, str]:
    """Add ``/problems/`` and an error page for each unreadable page file; the boxes for the other pages, by path.

    ``shown`` is the content folder as the terminal names it (``content``); ``titles`` the titles of
    the problems page and of an error page; ``taken`` the paths contributors' files already hold. For a
    ``public`` audience no message is shown: it could quote a field only the organisation may see.
    """
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_path[problem.path].append(problem)
    hidden = set(by_path) if audience == "public" else {path for path in by_path if _private(path, commons)}
    error_pages = {
        path
        for path in rejected
        if path in by_path and path not in taken and _readable(docs_dir, path)
        and any(p.severity is Severity.ERROR for p in by_path[path])
    }  # fmt: skip
    listing, error_title = titles
    if PROBLEMS_PAGE not in taken:
        links = {path for path in by_path if path.endswith(".md") and (path not in rejected or path in error_pages)}
        files = sorted(by_path.items(), key=lambda item: item[0])
        meta = {"title": listing, "search": {"exclude": True}}
        plan.add(PROBLEMS_PAGE, "problems.html", meta, files=files, links=links, hidden=hidden, shown=shown)
    for path in sorted(error_pages):
        meta = {"title": error_title, "search": {"exclude": True}}
        plan.add(path, "problem_page.html", meta, problems=by_path[path], private=path in hidden, shown=shown)
    boxes = {}
    for path, found in by_path.items():
        on_page = [p for p in found if p.severity in SHOWN_ON_PAGES]
        if on_page and path not in error_pages and path.endswith(".md"):
            values = {"problems": on_page, "private": path in hidden, "shown": shown}
            boxes[path] = plan.fragment("problem_box.html", path, **values)
    return boxes
