"""Links into the repository: the new-file page that answers a key question, and the issue forms.

Only when the site names its repository (MkDocs' ``repo_url``, with ``edit_uri`` saying which
branch and folder hold the content): without one every such link is left out, never dead.
The addresses follow GitHub's (and GitHub Enterprise's) URL scheme:
``<repo>/new/<branch>/<folder>?filename=&value=`` opens the web editor on a new, prefilled file;
``<repo>/issues/new?template=<form>.yml&<field id>=`` opens an issue form with fields filled in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from string import Template
from urllib.parse import quote, urlencode

from .. import model as m
from ..urls import safe_url
from .paths import slugify

#: The issue forms under ``.github/ISSUE_TEMPLATE/`` that pages link to.
ISSUE_FORMS = {
    "propose": "propose-practice.yml",
    "start": "start-community.yml",
    "join": "join-community.yml",
    "outdated": "report-outdated.yml",
}
# MkDocs' edit_uri for GitHub: 'edit/<branch>/<content folder>/' (or 'blob/...').
_EDIT_URI = re.compile(r"^/?(?:edit|blob)/([^/?#]+)/(.*?)/?$")


def scaffold(kind: str, **values: str) -> str:
    """The packaged template of a new ``kind`` file (``scaffolds/<kind>.md``) with ``values`` filled in."""
    template = resources.files("practice_commons").joinpath(f"scaffolds/{kind}.md").read_text(encoding="utf-8")
    return Template(template).substitute(values)


def yaml_text(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (a JSON string is one), whatever it holds."""
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Repository:
    """Where the commons' files live on GitHub: the repository, its branch and the content folder in it."""

    url: str
    branch: str
    folder: str

    @classmethod
    def from_settings(cls, repo_url: str | None, edit_uri: str | None) -> Repository | None:
        """The repository of MkDocs' ``repo_url`` and ``edit_uri``, or None (no links) when they do not name one.

        A URL the site may not link to (``urls.safe_url``) or that is not an ``http(s)`` address names none.
        """
        url = (repo_url or "").strip().rstrip("/")
        if not url or not safe_url(url) or not url.lower().startswith(("https://", "http://")):
            return None
        found = _EDIT_URI.match((edit_uri or "").strip())
        if not found or not found.group(2):
            return None
        return cls(url, found.group(1), found.group(2).strip("/"))

    def new_file(self, folder: str, filename: str, text: str) -> str:
        """GitHub's web editor on a new file ``filename`` in ``folder`` (under the content folder), holding ``text``."""
        path = quote(f"{self.branch}/{self.folder}/{folder}".rstrip("/"))
        return f"{self.url}/new/{path}?" + urlencode({"filename": filename, "value": text}, quote_via=quote)

    def issue_form(self, form: str, **fields: str) -> str:
        """The issue form ``form`` (a key of ``ISSUE_FORMS``), fields given by their ids filled in."""
        query = {"template": ISSUE_FORMS[form], **fields}
        return f"{self.url}/issues/new?" + urlencode(query, quote_via=quote)


class ContributeLinks:
    """The contribution links the pages show; a template global (``contribute``) when the site has a repository."""

    def __init__(self, repository: Repository, commons: m.Commons, today: str) -> None:
        self.repository = repository
        self.commons = commons
        self.today = today

    def answer(self, question: m.KeyQuestion) -> str:
        """A new artefact in the question's community, prefilled to answer it (``answers: [<question id>]``)."""
        community = question.community
        base = slug = slugify(question.id)  # a key question's id may be any text; a file name may not
        n = 2
        while slug in self.commons.artefacts:  # artefact ids are unique across the commons
            slug, n = f"{base}-{n}", n + 1
        title = " ".join(question.question.split())
        text = scaffold(
            "artefact", title=yaml_text(title), heading=title, type="guide", today=self.today,
        )  # fmt: skip
        text = text.replace("\nanswers: []\n", f"\nanswers: [{yaml_text(question.id)}]\n", 1)
        return self.repository.new_file(f"practice/{community.id}", f"{slug}.md", text)

    def join(self, community: m.Community) -> str:
        return self.repository.issue_form("join", community=community.id, title=f"Join: {community.title}")

    def propose(self) -> str:
        return self.repository.issue_form("propose")

    def start(self) -> str:
        return self.repository.issue_form("start")

    def outdated(self, artefact: m.Artefact) -> str:
        return self.repository.issue_form("outdated", artefact=artefact.id, title=f"Outdated: {artefact.title}")
