"""``.github/CODEOWNERS`` from the communities: a change to a community's files is reviewed by its people.

Each community's coordinators and core group (coordinators first) own its folder and its
practice folder: the core group carries the community with its coordinators, and a coordinator
on leave should not hold up every pull request. Everything else (members, events, the site's
own pages) falls to the fallback owners from configuration. Handles come from the members'
``github`` field as published: a member who keeps ``github`` private is not listed.
"""

from __future__ import annotations

import re

from .. import model as m
from ..load import SLUG

# A GitHub user (letters, digits, single hyphens, at most 39) or an organisation's team (org/team).
_HANDLE = re.compile(r"@?([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:/[A-Za-z0-9_.-]{1,100})?)", re.ASCII)

HEADER = """\
# Written by `commons codeowners` from each community's coordinators and core group (their `github`
# handles); do not edit it by hand: change a community's `coordinators` or `core_group`, or a member's
# `github`, then run `commons codeowners` and commit the result (CI runs `commons codeowners --check`).
# A member who keeps `github` under `private` is not listed here.
# The last matching line wins: the fallback owners review what no community owns.
"""


def handle(value: str | None) -> str | None:
    """``@name`` for a GitHub user or team handle, None for anything else (a line break could add an owner)."""
    found = _HANDLE.fullmatch(value.strip()) if isinstance(value, str) else None
    return f"@{found.group(1)}" if found else None


def codeowners(commons: m.Commons, folder: str, fallback: list[str]) -> tuple[str, list[str]]:
    """The CODEOWNERS text for ``commons`` kept under ``folder`` (relative to the repository root), and notes.

    ``fallback`` are the owners of everything no community owns. The notes say which handles were
    left out because they are not GitHub handles.
    """
    notes: list[str] = []
    prefix = "/" + folder.strip("/") + "/" if folder.strip("/") not in ("", ".") else "/"
    lines = [HEADER]
    owners = [h for h in map(handle, fallback) if h]
    notes += [
        f"fallback owner '{value}' is not a GitHub handle or team; left out" for value in fallback if not handle(value)
    ]
    lines.append(f"* {' '.join(owners)}\n" if owners else "# No fallback owner is configured (codeowners_fallback).\n")
    for community in sorted(commons.communities.values(), key=lambda c: c.id):
        if not SLUG.fullmatch(community.id):
            continue
        handles: list[str] = []
        for member in community.core_group:
            name = handle(member.spec.github)
            if name and name not in handles:
                handles.append(name)
            elif member.spec.github and not name:
                notes.append(f"{member.path}: github '{member.spec.github}' is not a GitHub handle; left out")
        lines.append(f"\n# {community.id}\n")
        if not handles:
            lines.append("# no coordinator or core member publishes a GitHub handle: the fallback owners review it\n")
            continue
        for path in (f"communities/{community.id}/", f"practice/{community.id}/"):
            lines.append(f"{prefix}{path} {' '.join(handles)}\n")
    return "".join(lines), notes
