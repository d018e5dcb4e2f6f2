"""What `commons init` writes: a starter commons, its site configuration and its contribution files.

Only what is missing is written; a file that exists is never replaced. An existing mkdocs.yml gets the
plugin line added to its text, so the owner's comments, order and formatting stay as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import yaml

LANGUAGES = ("en", "fr")
STARTER = {
    "en": {"site_name": "Our communities of practice", "community": "practice-circle", "coordinator": "coordinator"},
    "fr": {
        "site_name": "Nos communautés de pratique",
        "community": "cercle-de-pratique",
        "coordinator": "coordination",
    },
}
#: Contribution files, from the package's copy of this repository's own (``starter/github``), to their place.
CONTRIBUTION_FILES = {
    "github/workflows/check.yml": ".github/workflows/check.yml",
    "github/workflows/deploy.yml": ".github/workflows/deploy.yml",
    "github/ISSUE_TEMPLATE/config.yml": ".github/ISSUE_TEMPLATE/config.yml",
    "github/ISSUE_TEMPLATE/join-community.yml": ".github/ISSUE_TEMPLATE/join-community.yml",
    "github/ISSUE_TEMPLATE/propose-practice.yml": ".github/ISSUE_TEMPLATE/propose-practice.yml",
    "github/ISSUE_TEMPLATE/report-outdated.yml": ".github/ISSUE_TEMPLATE/report-outdated.yml",
    "github/ISSUE_TEMPLATE/start-community.yml": ".github/ISSUE_TEMPLATE/start-community.yml",
    "github/pull_request_template.md": ".github/pull_request_template.md",
    "CONTRIBUTING.md": "CONTRIBUTING.md",
}


class InitError(Exception):
    """The folder cannot be initialised as asked (an unreadable mkdocs.yml, a plugins entry it cannot extend)."""


@dataclass
class Plan:
    """What init will do: files to write (path relative to the folder → text), the mkdocs.yml edit, what it leaves."""

    files: dict[str, str] = field(default_factory=dict)
    left_alone: list[str] = field(default_factory=list)
    config_edit: tuple[str, str] | None = None  # (config file name, its new text): only the plugin line added


def requirement() -> str:
    """The pinned requirement the workflows and README install: the version running now."""
    try:
        return f"practice-commons=={metadata.version('practice-commons')}"
    except metadata.PackageNotFoundError:
        return "practice-commons"


def _read(name: str) -> str:
    return resources.files("practice_commons").joinpath(f"starter/{name}").read_text("utf-8")


def _fill(text: str, values: dict[str, str]) -> str:
    # Plain markers, not $ or {}: the workflows hold ${{ ... }} and the pages hold YAML braces.
    for key, value in values.items():
        text = text.replace(f"%{key}%", value)
    return text


def with_plugin(text: str) -> str | None:
    """``text`` (an mkdocs.yml) with ``commons`` added to its plugins, or None when it already has it.

    Only the plugins entry changes: a line is added to a block list, a name to a flow list, or a
    ``plugins:`` block at the end (without Material's ``search``: the plugin brings its own search).
    """
    if "\r\n" in text:  # edit with one kind of line break, give the file back with its own
        edited = with_plugin(text.replace("\r\n", "\n"))
        return None if edited is None else edited.replace("\n", "\r\n")
    data = yaml.load(text, Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise InitError("it is not a mapping of settings")
    plugins = data.get("plugins")
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins] if isinstance(plugins, list) else []
    if isinstance(plugins, dict):
        names = list(plugins)
    if "commons" in names:
        return None
    found = re.search(r"^plugins:[ \t]*(#.*)?$", text, re.M)
    flow = re.search(r"^plugins:[ \t]*\[(?P<items>[^\]\n]*)\]", text, re.M)
    if "plugins" not in data:
        new = text + ("" if text.endswith("\n") or not text else "\n") + "plugins:\n  - commons\n"
    elif flow:
        items = flow.group("items").strip()
        new = text[: flow.start("items")] + (f"{items}, commons" if items else "commons") + text[flow.end("items") :]
    elif found and isinstance(plugins, list):
        lines = text[found.end() :].split("\n")
        indent, last = None, 0
        for i, line in enumerate(lines[1:], start=1):  # the block: indented lines, blank lines and comments
            if line.strip() and not line.startswith((" ", "\t", "#", "- ")):  # "- " at column 0: an indentless list
                break
            item = re.match(r"^([ \t]*)- ", line)
            if item and (indent is None or item.group(1) == indent):
                indent = item.group(1)
            if line.strip() and not line.lstrip().startswith("#"):
                last = i
        indent = "  " if indent is None else indent
        lines.insert(last + 1, f"{indent}- commons")
        new = text[: found.end()] + "\n".join(lines)
    else:
        raise InitError("its plugins entry has a shape init does not edit: add `- commons` under plugins yourself")
    check = yaml.load(new, Loader=_Loader) or {}
    listed = [next(iter(p)) if isinstance(p, dict) else p for p in check.get("plugins") or []]
    if "commons" not in listed or {k: v for k, v in check.items() if k != "plugins"} != {
        k: v for k, v in data.items() if k != "plugins"
    }:
        raise InitError("adding the plugin line would change more than the plugins: add `- commons` yourself")
    return new


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml ignoring tags such as !ENV and !!python/name."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def plan(folder: Path, language: str = "en", today: dt.date | None = None) -> Plan:
    """What `commons init` would write in ``folder`` (nothing is written here)."""
    words = STARTER[language]
    result = Plan()
    config = next((folder / name for name in ("mkdocs.yml", "properdocs.yml") if (folder / name).is_file()), None)
    values = {
        "SITE_NAME": words["site_name"],
        "DOCS_DIR": "docs",
        "REQUIREMENT": requirement(),
        "COMMUNITY": words["community"],
        "COMMUNITY_TITLE": words["community"].replace("-", " ").capitalize(),
        "COORDINATOR": words["coordinator"],
        "COORDINATOR_NAME": words["coordinator"].capitalize(),
        "TODAY": (today or dt.date.today()).isoformat(),
    }
    if config is None:
        result.files["mkdocs.yml"] = _fill(_read(f"{language}/mkdocs.yml"), values)
    else:
        text = config.read_bytes().decode("utf-8")  # line breaks as they are: only one line is added
        try:
            data = yaml.load(text, Loader=_Loader) or {}
            edited = with_plugin(text)
        except yaml.YAMLError as exc:
            raise InitError(f"{config.name}: cannot read it: {exc}") from None
        except InitError as exc:
            raise InitError(f"{config.name}: {exc}") from None
        if edited is None:
            result.left_alone.append(config.name)
        else:
            result.config_edit = (config.name, edited)
        values["DOCS_DIR"] = str(data.get("docs_dir") or "docs").strip("/")
        if data.get("site_name"):
            values["SITE_NAME"] = str(data["site_name"])
    docs = values["DOCS_DIR"]
    wanted = {}
    if (folder / docs / "README.md").exists():  # MkDocs makes a README.md the home page: an index.md would hide it
        result.left_alone.append(f"{docs}/README.md")
    else:
        wanted[f"{docs}/index.md"] = _fill(_read(f"{language}/index.md"), values)
    if not any((folder / docs / "communities").glob("*/index.md")):  # a commons that has communities needs no starter
        wanted[f"{docs}/communities/{words['community']}/index.md"] = _fill(_read(f"{language}/community.md"), values)
        wanted[f"{docs}/members/{words['coordinator']}.md"] = _fill(_read(f"{language}/member.md"), values)
    for source, target in CONTRIBUTION_FILES.items():
        wanted[target] = _fill(_read(source), values)
    wanted["README.md"] = _fill(_read(f"{language}/README.md"), values)
    for path, text in wanted.items():
        if (folder / path).exists() or (folder / path).is_symlink():
            result.left_alone.append(path)
        else:
            result.files[path] = text
    return result
