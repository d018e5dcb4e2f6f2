"""An artefact's cover image: a picture in the content folder, or on a host the site allows.

The schema only knows that ``cover`` is a safe link; whether it names an image the
site publishes needs the content folder, so it is checked here, after the loader
has listed the files (links and refused files are not among them). A cover that
passes is kept on the artefact (``Artefact.cover``, a path inside the content
folder or an allowed URL); one that fails is reported with the line of its key and
left off the page, so that a build that is not strict shows no broken image.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from . import model as m
from .load import LoadResult
from .problems import Problem, Severity, did_you_mean
from .urls import scheme_of

#: Image kinds a cover may be, by suffix, with how such a file starts (its "magic number").
IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".avif": (b"\x00\x00\x00",),
}


def _is_image(path: Path, suffix: str) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(12)
    except OSError:
        return False
    if suffix == ".webp":
        return start.startswith(b"RIFF") and start[8:12] == b"WEBP"
    if suffix == ".avif":
        return start[4:8] == b"ftyp"
    return start.startswith(IMAGE_SIGNATURES[suffix])


def check_covers(
    root: Path, loaded: LoadResult, commons: m.Commons, files: set[str], external_hosts: Iterable[str] = ()
) -> list[Problem]:
    """A problem for each artefact cover that is not an image the site can show, or has no ``cover_alt``.

    ``files`` are the content folder's published files (relative paths); ``external_hosts`` the
    hosts pages may load images from. Sets ``Artefact.cover`` for every cover that passes.
    """
    from .render.sanitise import host_allowed, host_of  # the sanitiser's rule for other sites

    problems: list[Problem] = []
    for record in loaded.records:
        artefact = commons.artefacts.get(record.id) if record.kind == "artefact" else None
        if artefact is None or artefact.path != record.path or not artefact.spec.cover:
            continue
        cover, line = artefact.spec.cover, record.line_of(("cover",))

        def problem(message: str, hint: str, record: object = record, line: int = line) -> None:
            problems.append(Problem(record.path, line, message, Severity.WARNING, hint))

        if not artefact.spec.cover_alt:
            problem(
                "cover has no cover_alt: readers who cannot see the image need it in words",
                "add 'cover_alt:' with what the picture shows, in one sentence",
            )
        host = host_of(cover)
        if host is not None or scheme_of(cover):
            if host and host_allowed(host, external_hosts):
                artefact.cover = cover
                continue
            problem(
                f"cover '{cover}' is not on this site: pages load nothing from other sites",
                "put the image in the content folder next to this page and write its file name, or ask the "
                f"site's maintainers to add {host or 'its host'} to external_hosts",
            )
            continue
        if cover.startswith(("/", "\\")):
            problem(f"cover '{cover}' starts with '/'", "write the image's path relative to this file")
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(record.path), cover.split("#")[0]))
        if resolved == ".." or resolved.startswith("../"):
            problem(f"cover '{cover}' is outside the content folder", "copy the image into the content folder")
            continue
        suffix = posixpath.splitext(resolved)[1].lower()
        if suffix not in IMAGE_SIGNATURES:
            kinds = ", ".join(IMAGE_SIGNATURES)
            problem(f"cover '{cover}' is not an image the site shows", f"use an image file: {kinds}")
            continue
        if resolved not in files:
            nearby = [posixpath.basename(p) for p in files if posixpath.dirname(p) == posixpath.dirname(resolved)]
            hint = did_you_mean(posixpath.basename(resolved), nearby) or "paths are relative to this file"
            problem(f"cover '{cover}' points to {resolved}, which does not exist", hint)
            continue
        if not _is_image(root / resolved, suffix):
            problem(f"cover '{cover}' is not a {suffix[1:].upper()} image", "export the picture again as an image")
            continue
        artefact.cover = resolved
    return problems
