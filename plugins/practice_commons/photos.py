"""Members' photos: a ``photo`` names an image file in the content directory, relative to the member's file.

The site publishes the file as it is, so the rules are the loader's for any file it
publishes (no link, nothing hidden, nothing outside the content directory) plus
those of an image a page shows: an image kind the site publishes (not SVG, which
can carry script), whose first bytes say it is that kind of image, and never an
address on another site (pages load nothing from another origin).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from . import model as m
from .load import Record
from .problems import Problem
from .urls import scheme_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Image kinds a photo may be, with how such a file starts (WebP and AVIF: at offsets 8 and 4).
IMAGE_KINDS: dict[str, tuple[int, tuple[bytes, ...]]] = {
    ".png": (0, (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": (0, (b"\xff\xd8\xff",)),
    ".jpeg": (0, (b"\xff\xd8\xff",)),
    ".gif": (0, (b"GIF87a", b"GIF89a")),
    ".webp": (8, (b"WEBP",)),
    ".avif": (4, (b"ftyp",)),
}


def photo_problem(root: Path, page: str, value: str) -> tuple[str | None, str, str]:
    """``(path, "", "")`` with the photo's path in the content directory, or ``(None, message, hint)``.

    ``page`` is the member's file, relative to ``root``; ``value`` the ``photo`` as written.
    """
    here = posixpath.dirname(page)
    if _CONTROL.search(value) or len(value) > 1000:
        return (
            None,
            "photo must be a short file name, without control characters (a tab, a line break...)",
            ("e.g. photo: " + posixpath.basename(page)[:-3] + ".png"),
        )
    if scheme_of(value) or value.startswith(("//", "\\\\")):
        return (
            None,
            f"photo '{value}' is an address; a photo is an image file in the content directory",
            (
                "save the image next to the member's file and write its name, e.g. photo: "
                + posixpath.basename(page)[:-3]
                + ".png"
            ),
        )
    if value.startswith("/") or "\\" in value:
        return (
            None,
            f"photo '{value}' must be a path relative to this file, with '/' between folders",
            ("e.g. photo: " + posixpath.basename(page)[:-3] + ".png for an image next to this file"),
        )
    rel = posixpath.normpath(posixpath.join(here, value))
    if rel == ".." or rel.startswith("../"):
        return None, f"photo '{value}' is outside the content directory", "move the image into the content directory"
    parts = rel.split("/")
    if any(part.startswith(".") for part in parts) or parts[0] == "templates":
        return (
            None,
            f"photo '{value}' is in a hidden folder or file, which the site does not publish",
            ("move it to a visible folder, e.g. next to the member's file"),
        )
    suffix = posixpath.splitext(rel)[1].lower()
    if suffix not in IMAGE_KINDS:
        kinds = ", ".join(IMAGE_KINDS)
        hint = "export it as PNG or WebP" if suffix == ".svg" else f"use an image of one of these kinds: {kinds}"
        return None, f"photo '{value}' is not an image the site shows (an image ends in {kinds})", hint
    path = root
    for part in parts:  # links are never followed: what they point to may be outside the content directory
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):  # ValueError: a character the file system cannot name
            return (
                None,
                f"photo '{value}' points to {rel}, which does not exist",
                ("check the name and the folder: the path is relative to this file"),
            )
        if stat.S_ISLNK(mode):
            return (
                None,
                f"photo '{value}' goes through a link ({path.relative_to(root).as_posix()})",
                ("copy the image into the content directory; links are never followed"),
            )
    if not stat.S_ISREG(mode):
        return None, f"photo '{value}' is not a regular file", "name an image file"
    offset, starts = IMAGE_KINDS[suffix]
    try:
        with open(path, "rb") as file:
            head = file.read(16)
    except OSError as error:
        return None, f"photo '{value}' could not be read ({error.strerror})", "check the file"
    if not any(head[offset:].startswith(start) for start in starts):
        return (
            None,
            f"photo '{value}' does not hold a {suffix[1:].upper()} image",
            ("open it in an image editor and export it again as PNG, JPEG or WebP"),
        )
    return rel, "", ""


def check_photos(root: Path, records: Iterable[Record], commons: m.Commons) -> tuple[list[Problem], set[str]]:
    """Every member's ``photo`` checked; each good one that may be published is set on its ``Member``.

    Returns the problems, and the image files named as the photo of a member who keeps it ``private`` (or of
    a public site): checked (the file is theirs to fix) but never set, and never published. The site would
    otherwise copy such a file like any other under the content directory, at an address anyone can guess
    from the repository.
    """
    problems, withheld = [], set()
    for record in records:
        value = record.data.get("photo") if record.kind == "member" else None
        if not isinstance(value, str) or not value.strip():
            continue  # the schema reports a photo that is not text
        rel, message, hint = photo_problem(root, record.path, value.strip())
        if rel is None:
            problems.append(Problem(record.path, record.line_of(("photo",)), message, hint=hint))
            continue
        member = commons.members.get(record.id)
        if member is not None and member.path == record.path and member.spec.photo:
            member.photo = rel
        else:
            withheld.add(rel)
    # A file another member publishes as their photo stays published.
    return problems, withheld - {x.photo for x in commons.members.values() if x.photo}
