"""The ``commons`` command: validate, scaffold and summarise a commons."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import gc
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import Result, build_commons
from .load import KIND_PATHS, SLUG
from .problems import Problem, Severity, did_you_mean
from .vocabulary import ARTEFACT_TYPES, AUDIENCES, ValueTable

# The other commands' modules are imported where they are used: each would import the model (pydantic and the
# schemas) before `validate --changed` could start git searching the commons, and `validate` needs none of them.
if TYPE_CHECKING:
    from .analyse.health import Health
    from .render.i18n import Labels

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


class UsageError(Exception):
    """Bad arguments: exit 2 with a message, no traceback."""


class Refused(Exception):
    """A command that would lose or misplace content: exit 1 with a message."""


def _content_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise UsageError(
            f"{value}: no such directory (give the content directory, run this from the folder of your mkdocs.yml, "
            "or start a commons with `commons init`)"
        )
    return path


#: The site's configuration, as MkDocs and ProperDocs name it.
CONFIG_NAMES = ("mkdocs.yml", "properdocs.yml")


def _find_config() -> Path | None:
    """The nearest mkdocs.yml (or properdocs.yml) here or in a parent folder, as a path relative to here."""
    here = Path.cwd()
    for depth, folder in enumerate((here, *here.parents)):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return Path(*([".."] * depth), name)  # relative, so messages name files as the user sees them
    return None


def _locate(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The content directory and the site's settings: the directory given, else docs_dir of the site's config
    (--config, else the nearest mkdocs.yml), else content/."""
    config = Path(args.config) if getattr(args, "config", None) else _find_config()
    if getattr(args, "config", None) and not config.is_file():
        raise UsageError(f"{args.config}: no such file (give the site's mkdocs.yml)")
    settings = _site_settings(config)
    if args.dir:
        return _content_dir(args.dir), settings
    if "docs_dir" in settings:
        docs = Path(os.path.relpath(settings["docs_dir"]))  # the shortest way from here
        if not docs.is_dir():
            raise UsageError(f"{docs.as_posix()}: no such directory (the docs_dir of {config.as_posix()})")
        return docs, settings
    return _content_dir("content"), settings


def _github_escape(text: str, property_value: bool = False) -> str:
    """GitHub workflow commands read one line: escape as its toolkit does (properties also escape ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _format_problem(problem: Problem, root: Path, style: str) -> str:
    path = (root / problem.path).as_posix()
    if style == "github":
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        file = _github_escape(path, property_value=True)
        return f"::{problem.severity.value} file={file},line={problem.line}::{_github_escape(message)}"
    # A file name may hold a line break: one problem stays on one line (and its hint on the next).
    path = path.encode("unicode_escape").decode("ascii") if not path.isprintable() else path
    text = f"{path}:{problem.line}: {problem.severity.value}: {problem.message}"
    return text + (f"\n    hint: {problem.hint}" if problem.hint else "")


#: The one of each kind `Commons.counts` names in the plural.
_ONE = {"communities": "community", "stories": "story"}


def _counted(n: int, kind: str) -> str:
    """'1 community', '2 communities': the command's own English, as its other messages are."""
    return f"{n} {kind if n != 1 else _ONE.get(kind, kind.removesuffix('s'))}"


def _summary(result: Result) -> str:
    parts = [
        f"{result.count(severity)} {severity.value}{'' if result.count(severity) == 1 else 's'}"
        for severity in Severity
    ]
    counts = result.commons.counts()
    scope = ", ".join(_counted(n, kind) for kind, n in counts.items() if kind != "topics")
    return f"{', '.join(parts)} in {scope}"


def cmd_validate(args: argparse.Namespace) -> int:
    # A short-lived process that builds one large model and drops nothing: the collector would scan its
    # every record again and again (a second in five at 20,000 artefacts) to find no garbage.
    gc.disable()
    root, settings = _locate(args)  # settings as the build will judge embeds and value tags
    hosts, values = settings.get("external_hosts", ()), settings.get("values")
    if args.changed is not None:
        result = _validate_changed(root, args.changed, hosts, values)
        if result is None:
            return 0
    else:
        result = build_commons(root, external_hosts=hosts, values=values)
    failing = result.count(Severity.ERROR) + (result.count(Severity.WARNING) if args.strict else 0)
    if args.format == "json":
        payload = {
            "ok": failing == 0,
            "counts": {s.value: result.count(s) for s in Severity},
            "problems": [
                {
                    "path": (root / p.path).as_posix(),
                    "line": p.line,
                    "severity": p.severity.value,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in result.problems
            ],
        }
        print(json.dumps(payload, indent=2))
    else:
        for problem in result.problems:
            print(_format_problem(problem, root, args.format))
        print(_summary(result), file=sys.stderr)
        if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
            _step_summary(Path(os.environ["GITHUB_STEP_SUMMARY"]), result, root)
    return 1 if failing else 0


def _validate_changed(
    root: Path, named: list[str], hosts: tuple[str, ...], values: ValueTable | None = None
) -> Result | None:
    """``validate --changed``: the files named (or git's changed files) under ``root``; None when there are none."""
    if named:
        base = root.resolve()
        changed = [
            Path(os.path.abspath(name)).relative_to(base).as_posix()
            for name in named
            if Path(os.path.abspath(name)).is_relative_to(base)
        ]
    else:
        from .changed import git_changed

        found = git_changed(root)
        if found is None:
            raise UsageError(f"{root} is not in a git work tree: name the changed files (--changed FILE...)")
        changed = found
    if not changed:
        print(f"no changed files in {root.as_posix()}", file=sys.stderr)
        return None
    from .changed import validate_changed

    result, _ = validate_changed(root, changed, external_hosts=hosts, values=values)
    return result


def _step_summary(summary: Path, result: Result, root: Path) -> None:
    """Every problem in the job's summary: GitHub shows only the first ten error annotations of a step."""
    lines = "\n".join(_format_problem(problem, root, "text") for problem in result.problems)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", lines)), default=0) + 1)  # content cannot close it
    text = f"### commons validate\n\n{_summary(result)}\n\n"
    text += f"{fence}text\n{lines}\n{fence}\n" if lines else "No problems.\n"
    with summary.open("a", encoding="utf-8") as out:
        out.write(text)


def cmd_new(args: argparse.Namespace) -> int:
    from .render.contribute import scaffold, yaml_text

    root, _ = _locate(args)
    ident = args.id
    today = dt.date.today()
    when = args.date or today
    if args.kind == "event" and not DATE_PREFIX.match(ident):
        ident = f"{when.isoformat()}-{ident}"
    if not SLUG.fullmatch(ident):
        raise UsageError(
            f"'{args.id}' is not a valid id: use lowercase letters, digits and hyphens, e.g. 'field-notes'"
        )
    needs_community = args.kind in ("artefact", "event", "story")
    if needs_community and not args.community:
        raise UsageError(f"a new {args.kind} needs --community (the community it belongs to)")
    if args.community:
        if not SLUG.fullmatch(args.community):
            raise UsageError(f"'{args.community}' is not a valid community id")
        if not (root / "communities" / args.community / "index.md").is_file():
            known = [p.parent.name for p in (root / "communities").glob("*/index.md")]
            hint = (
                did_you_mean(args.community, known) or "create it first with: commons new community " + args.community
            )
            raise Refused(f"there is no community '{args.community}' in {root} ({hint})")
    target = root / KIND_PATHS[args.kind].format(id=ident, community=args.community)
    if not target.resolve().is_relative_to(root.resolve()):
        raise Refused(f"{target} is outside {root}")
    if target.exists():
        raise Refused(f"{target.as_posix()} already exists; nothing was written (choose another id or edit that file)")
    title = args.title or ident.replace("-", " ").capitalize()
    if DATE_PREFIX.match(ident) and not args.title:
        title = DATE_PREFIX.sub("", ident).replace("-", " ").capitalize()
    memberships = f"\n  - {{community: {args.community}, role: active}}" if args.community else " []"
    text = scaffold(
        args.kind,
        title=yaml_text(title),
        heading=title,
        type=args.type,
        community=args.community or "",
        memberships=memberships,
        today=today.isoformat(),
        date=when.isoformat(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    check = "commons validate" + (f" {root.as_posix()}" if args.dir else "")
    print(f"created {target.as_posix()}: fill it in, then run `{check}`")
    return 0


def _health_json(t: Labels, h: Health) -> dict[str, Any]:
    from .render.words import Words

    factors = []
    for f in h.factors:
        step = h.next_step(f)
        factors.append({
            "factor": f.id, "side": f.side, "status": f.status, "depends_on_date": f.dated,
            "label": t(f"health_factor_{f.id}"), "evidence": [Words(t).say(e) for e in f.evidence],
            "next_step": t(step) if step else None,
        })  # fmt: skip
    rings = h.rings
    return {
        "as_of": h.today.isoformat(),
        "factors": factors,
        "rings": {"core": rings.core, "active": rings.active, "periphery": rings.periphery, "signal": rings.signal},
    }


def _print_health(t: Labels, h: Health) -> None:
    from .render.words import Words

    c = h.community
    print(f"\n{c.title} ({t('stage_' + c.spec.stage)}): " + t(
        "health_summary", in_place=h.count("in-place"), partly=h.count("partly"), not_yet=h.count("not-yet"),
        too_early=h.count("too-early"),
    ))  # fmt: skip
    done = [t(f"health_short_{f.id}") for f in h.factors if f.status == "in-place"]
    if done:
        print(f"  {t('health_in-place')}{t('colon')} {', '.join(done)}")
    for f in h.factors:
        if f.status == "in-place":
            continue
        star = " *" if f.dated else ""
        print(f"  {t('health_' + f.status)}{t('colon')} {t('health_factor_' + f.id)}{star}")
        print(f"    {'; '.join(Words(t).say(e) for e in f.evidence)}")
        print(f"    {t('health_next')}{t('colon')} {t(h.next_step(f))}")
    rings = h.rings
    print("  " + t(
        "health_rings", core=rings.core, core_share=rings.share("core"), active=rings.active,
        active_share=rings.share("active"), periphery=rings.periphery, periphery_share=rings.share("periphery"),
    ) + " " + t(f"health_rings_{rings.signal}", total=rings.total))  # fmt: skip


def cmd_stats(args: argparse.Namespace) -> int:
    from .model import build_date
    from .render.i18n import Labels

    root, settings = _locate(args)
    result = build_commons(root, values=settings.get("values"))
    commons = result.commons
    today = build_date()
    t = Labels(settings.get("language", "en"), settings.get("overrides"))
    from .analyse.health import health  # here: `validate` does not need the analyses

    checks = {c.id: health(c, today) for c in commons.communities.values()}
    communities = []
    for c in commons.communities.values():
        upcoming = [e for e in c.events if e.start_date >= today]
        past = [e for e in c.events if e.start_date < today]
        communities.append(
            {
                "id": c.id,
                "title": c.title,
                "stage": c.spec.stage,
                "members": len(c.members),
                "core_group": len(c.core_group),
                "artefacts": len(c.artefacts),
                "open_questions": len(c.open_questions),
                "key_questions": len(c.key_questions),
                "last_event": past[-1].start_date.isoformat() if past else None,
                "next_event": upcoming[0].start_date.isoformat() if upcoming else None,
                "stories": len(c.stories),
                "health": _health_json(t, checks[c.id]),
            }
        )
    overdue = sum(1 for a in commons.artefacts.values() if a.review_overdue(today))
    stats = {
        "counts": commons.counts(),
        "problems": {s.value: result.count(s) for s in Severity},
        "reviews_overdue": overdue,
        "communities": communities,
    }
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print("  ".join(_counted(n, kind) for kind, n in stats["counts"].items()))
    print(
        "problems: "
        + ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in stats["problems"].items())
        + f"; {overdue} artefact review{'s' if overdue != 1 else ''} overdue"
    )
    header = (
        f"{'community':<28} {'stage':<14} {'members':>7} {'core':>5} {'practice':>8} {'open q.':>8}  "
        f"{'last event':<10}  next event"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for row in communities:
        print(
            f"{row['title'][:28]:<28} {row['stage']:<14} {row['members']:>7} {row['core_group']:>5} "
            f"{row['artefacts']:>8} {row['open_questions']:>4}/{row['key_questions']:<3}  "
            f"{row['last_event'] or '—':<10}  {row['next_event'] or '—'}"
        )
    print("\n" + t("health_title") + ". " + t("health_as_of", date=t.date(today)))
    for h in checks.values():
        _print_health(t, h)
    return 0


#: Marks a folder written by `commons generate`, which it may therefore replace.
GENERATED_MARK = ".commons-generated"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a few settings, ignoring tags such as !ENV and !!python/name."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_settings(config: Path | None) -> dict[str, Any]:
    """docs_dir, theme language and template overrides from mkdocs.yml, when there is one."""
    if config is None or not config.is_file():
        return {}
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as exc:
        raise UsageError(f"{config}: cannot read it: {exc}") from None
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    base = config.parent
    settings: dict[str, Any] = {"docs_dir": base / str(data.get("docs_dir", "docs"))}
    if data.get("site_url"):
        settings["site_url"] = str(data["site_url"])
    if theme.get("language"):
        settings["language"] = str(theme["language"])
    if theme.get("custom_dir") and (base / theme["custom_dir"] / "commons").is_dir():
        settings["overrides"] = base / theme["custom_dir"] / "commons"
    plugins = data.get("plugins") or []
    options = next((p["commons"] for p in plugins if isinstance(p, dict) and isinstance(p.get("commons"), dict)), {})
    if options.get("audience") in AUDIENCES:
        settings["audience"] = options["audience"]
    if isinstance(options.get("external_hosts"), list):
        settings["external_hosts"] = tuple(str(host) for host in options["external_hosts"])
    if isinstance(options.get("codeowners_fallback"), list):
        settings["codeowners_fallback"] = [str(owner) for owner in options["codeowners_fallback"]]
    settings["repo"] = (str(data.get("repo_url") or ""), str(data.get("edit_uri") or ""))  # see cmd_generate
    if options.get("value_table") is not None:
        try:
            settings["values"] = ValueTable.from_option(options["value_table"])
        except ValueError as exc:
            raise UsageError(f"{config}: {exc}") from None
    return settings


def cmd_generate(args: argparse.Namespace) -> int:
    from .links import link_entities
    from .render import build_site_plan  # here: Jinja, the analyses and the exports cost `validate` a second
    from .render.contribute import Repository

    root, settings = _locate(args)
    out = Path(args.out)
    if out.resolve() == root.resolve() or out.resolve().is_relative_to(root.resolve()):
        raise Refused(f"{out} is inside the content directory {root}; choose a folder outside it")
    if root.resolve().is_relative_to(out.resolve()):
        raise Refused(f"{out} contains the content directory {root}; choose another folder")
    if out.exists() and any(out.iterdir()) and not (out / GENERATED_MARK).exists():
        raise Refused(f"{out} is not empty and was not written by `commons generate`; nothing was written")
    result = build_commons(
        root, audience=args.audience or settings.get("audience", "internal"), values=settings.get("values")
    )
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    for problem in errors:
        print(_format_problem(problem, root, "text"))
    if errors:
        print(f"{len(errors)} errors: nothing was generated (fix them, then run again)", file=sys.stderr)
        return 1
    plan = build_site_plan(
        result.commons,
        language=args.language or settings.get("language", "en"),
        overrides=Path(args.templates) if args.templates else settings.get("overrides"),
        pages=result.pages,
        external_hosts=settings.get("external_hosts", ()),
        site_url=settings.get("site_url"),
        repository=Repository.from_settings(*settings["repo"]) if "repo" in settings else None,
        values=settings.get("values"),
    )
    for notice in plan.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if out.exists():
        shutil.rmtree(out)  # only ever a folder this command wrote (checked above)

    def left_out(folder: str, names: list[str]) -> list[str]:
        # Hidden files, and what the loader refused (links among them: never followed).
        base = Path(folder).relative_to(root).as_posix()
        prefix = "" if base == "." else f"{base}/"
        return [name for name in names if name.startswith(".") or prefix + name in result.rejected]

    shutil.copytree(root, out, ignore=left_out)
    for path, page in result.pages.items():  # as the loader read them; the other engine cleans nothing
        body = link_entities(page.body, path, result.commons)
        (out / path).write_text(plan.ordinary_markdown(page.data, body), encoding="utf-8")
    plan.render_all()
    for path, page in plan.pages.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for path, data in plan.assets.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (out / GENERATED_MARK).write_text("Written by `commons generate`; it replaces this folder on each run.\n")
    print(f"wrote {len(plan.pages)} pages and {len(plan.assets)} assets to {out.as_posix()}")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .analyse.network import commons_graph
    from .render.graph_export import graph_json, graphml
    from .render.paths import url

    root, settings = _locate(args)
    out = Path(args.out) if args.out else None
    if out is not None and (out.resolve().is_relative_to(root.resolve())):
        raise Refused(f"{out} is inside the content directory {root}; write the graph outside it")
    result = build_commons(root, audience=settings.get("audience", "internal"))
    graph = commons_graph(result.commons)
    data = (graphml if args.format == "graphml" else graph_json)(graph, url)
    if errors := result.count(Severity.ERROR):
        print(f"{errors} errors in the content, left out of the graph (see `commons validate`)", file=sys.stderr)
    if out is None:
        sys.stdout.buffer.write(data + (b"\n" if args.format == "json" else b""))
        sys.stdout.flush()
        return 0
    out.write_bytes(data)
    print(f"wrote {len(graph.nodes)} nodes and {len(graph.edges)} edges to {out.as_posix()}", file=sys.stderr)
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .render.codeowners import codeowners

    root, settings = _locate(args)
    folder = Path(os.path.relpath(root.resolve(), Path.cwd().resolve())).as_posix()
    if folder.startswith(".."):
        raise UsageError(f"{root} is outside this folder: run `commons codeowners` from the repository's root")
    fallback = args.fallback if args.fallback is not None else settings.get("codeowners_fallback", [])
    text, notes = codeowners(build_commons(root).commons, folder, fallback)
    for note in notes:
        print(f"commons codeowners: warning: {note}", file=sys.stderr)
    out = Path(args.out)
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    if args.check:
        if current == text:
            return 0
        state = "is missing" if current is None else "is out of date"
        print(f"{out.as_posix()} {state}: run `commons codeowners` and commit the result", file=sys.stderr)
        old = (current or "").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(old, text.splitlines(keepends=True), out.as_posix(), "expected"))
        return 1
    if current != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(f"wrote {out.as_posix()}" if current != text else f"{out.as_posix()} is up to date")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .render.codeowners import codeowners
    from .starter import InitError
    from .starter import plan as starter_plan

    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{args.dir} is a file: give the folder to start the commons in")
    try:
        todo = starter_plan(folder, args.language)
    except (InitError, UnicodeDecodeError) as exc:
        raise Refused(f"{exc}; nothing was written") from None
    written = []
    for path, text in todo.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            out.write(text)
        written.append(path)
    if todo.config_edit:
        name, text = todo.config_edit
        with (folder / name).open("w", encoding="utf-8", newline="") as out:  # the owner's text, one line added
            out.write(text)
        written.insert(0, f"{name} (added the commons plugin)")
    owners = folder / ".github" / "CODEOWNERS"
    if owners.exists():
        todo.left_alone.append(".github/CODEOWNERS")
    else:
        config = next(folder / n for n in CONFIG_NAMES if (folder / n).is_file())
        settings = _site_settings(config)
        docs = Path(os.path.relpath(settings["docs_dir"], folder)).as_posix()
        text, _ = codeowners(build_commons(settings["docs_dir"]).commons, docs, settings.get("codeowners_fallback", []))
        owners.parent.mkdir(parents=True, exist_ok=True)
        owners.write_text(text, encoding="utf-8")
        written.append(".github/CODEOWNERS")
    where = "" if folder == Path(".") else f" in {folder.as_posix()}"
    print(f"wrote{where}:" if written else f"nothing to write{where}: the commons is already set up")
    print("".join(f"  {path}\n" for path in written), end="")
    if todo.left_alone:
        print("left alone (they exist):")
        print("".join(f"  {path}\n" for path in todo.left_alone), end="")
    step = f"cd {folder.as_posix()} && " if where else ""
    print(f"next: {step}commons validate && mkdocs serve")
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("practice-commons")
    except metadata.PackageNotFoundError:
        return "(not installed)"


class _Version(argparse.Action):
    """``--version``, looked up only when asked: importlib.metadata would cost every command a thirtieth of a second."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        formatter = parser._get_formatter()
        formatter.add_text(f"%(prog)s {_version()}")
        parser._print_message(formatter.format_help(), sys.stdout)
        parser.exit()


DIR_HELP = "content directory (default: docs_dir of the nearest mkdocs.yml or properdocs.yml, else content)"
CONFIG_HELP = "the site's mkdocs.yml (default: mkdocs.yml or properdocs.yml here or in a parent folder)"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="commons",
        description="Check, scaffold and summarise a Practice Commons: communities of practice kept as Markdown.",
    )
    top.add_argument("--version", action=_Version, help="show program's version number and exit")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check the whole commons and list every problem",
        description="Check every file of the commons; print each problem as path:line: severity: message.",
    )
    validate.add_argument("dir", nargs="?", help=DIR_HELP)
    validate.add_argument("--config", help=CONFIG_HELP)
    validate.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text for people, github for workflow annotations, json for tools",
    )
    validate.add_argument("--strict", action="store_true", help="fail on warnings too, as `mkdocs build --strict` does")
    validate.add_argument(
        "--changed", nargs="*", metavar="FILE",
        help="check only these files (default: those git sees as changed) and the references into and out of them",
    )  # fmt: skip
    validate.set_defaults(run=cmd_validate)

    new = sub.add_parser(
        "new",
        help="create a community, member, artefact, event, story or term from a template",
        description="Create a file from a template that validates as written. Never overwrites.",
    )
    new.add_argument("kind", choices=tuple(KIND_PATHS), help="what to create")
    new.add_argument("id", help="its id: lowercase letters, digits and hyphens (events get a date prefix)")
    new.add_argument("--community", help="home community (required for artefacts, events and stories)")
    new.add_argument("--title", help="title or name (default: from the id)")
    new.add_argument("--type", choices=ARTEFACT_TYPES, default="guide", help="artefact type (default: guide)")
    new.add_argument("--date", type=_date, help="event date, YYYY-MM-DD (default: today)")
    new.add_argument("--dir", help=DIR_HELP)
    new.add_argument("--config", help=CONFIG_HELP)
    new.set_defaults(run=cmd_new)

    generate = sub.add_parser(
        "generate",
        help="write the generated pages and assets to a folder, for engines without the plugin",
        description="Write the whole site as Markdown (contributors' pages enriched, index pages added) and its "
        "assets to OUT, which any engine reading Markdown can build. OUT is replaced only if this command wrote it.",
    )
    generate.add_argument("dir", nargs="?", help=DIR_HELP)
    generate.add_argument("--out", required=True, help="folder to write (must not be inside the content directory)")
    generate.add_argument("--language", choices=("en", "fr"), help="labels' language (default: theme.language)")
    generate.add_argument("--templates", help="template overrides (default: <theme custom_dir>/commons)")
    generate.add_argument("--config", help=CONFIG_HELP)
    generate.add_argument(
        "--audience", choices=AUDIENCES, help="public leaves out contact details and internal-only fields "
        "(default: the commons plugin's audience option, else internal)",
    )  # fmt: skip
    generate.set_defaults(run=cmd_generate)

    graph = sub.add_parser(
        "graph",
        help="export the relationship graph (GraphML or node-link JSON)",
        description="Export the graph of the commons: members, communities, artefacts, events and topics as "
        "nodes (attribute kind), their relations as edges (attribute type). GraphML opens in Gephi and yEd; "
        "JSON is networkx's node-link form. Private fields are never in it.",
    )
    graph.add_argument("dir", nargs="?", help=DIR_HELP)
    graph.add_argument("--format", choices=("json", "graphml"), default="json", help="file format (default: json)")
    graph.add_argument("--out", help="file to write (default: standard output)")
    graph.add_argument("--config", help=CONFIG_HELP)
    graph.set_defaults(run=cmd_graph)

    owners = sub.add_parser(
        "codeowners",
        help="write .github/CODEOWNERS from the communities' coordinators and core groups",
        description="Write (or check) CODEOWNERS: each community's folders are owned by its coordinators and core "
        "group (their github handles); the fallback owners (codeowners_fallback in mkdocs.yml) own the rest. "
        "Run it from the repository's root.",
    )
    owners.add_argument("dir", nargs="?", help=DIR_HELP)
    owners.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")
    owners.add_argument("--out", default=".github/CODEOWNERS", help="file to write (default: .github/CODEOWNERS)")
    owners.add_argument("--fallback", nargs="*", help="owners of the rest (default: codeowners_fallback in mkdocs.yml)")
    owners.add_argument("--config", help=CONFIG_HELP)
    owners.set_defaults(run=cmd_codeowners)

    init = sub.add_parser(
        "init",
        help="start a commons here, or add it to an existing MkDocs project",
        description="Write what a commons needs and is missing: mkdocs.yml with the plugin (or the plugin line added "
        "to an existing one), a home page, a first community and its coordinator, the contribution files "
        "(workflows, issue forms, pull-request template, CODEOWNERS, CONTRIBUTING.md) and a README. "
        "Never overwrites a file.",
    )
    init.add_argument("dir", nargs="?", default=".", help="folder to start in (default: this one)")
    init.add_argument("--language", choices=("en", "fr"), default="en", help="language of the site and its pages")
    init.set_defaults(run=cmd_init)

    stats = sub.add_parser("stats", help="counts and health at a glance")
    stats.add_argument("dir", nargs="?", help=DIR_HELP)
    stats.add_argument("--config", help=CONFIG_HELP)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(run=cmd_stats)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the program's arguments); its exit status.

    Run as the program (no ``argv``), it exits as soon as its output is written: freeing the model one
    object at a time, as the interpreter does on its way out, would take a second at 20,000 artefacts.
    """
    args = parser().parse_args(argv)
    try:
        status = args.run(args)
    except UsageError as exc:
        print(f"commons {args.command}: error: {exc}", file=sys.stderr)
        status = 2
    except Refused as exc:
        print(f"commons {args.command}: refused: {exc}", file=sys.stderr)
        status = 1
    except OSError as exc:
        print(f"commons {args.command}: error: {exc.strerror}: {exc.filename}", file=sys.stderr)
        status = 1
    if argv is None:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (`commons validate | head`): reported on the way out, as before
            return status
        os._exit(status)
    return status


if __name__ == "__main__":
    sys.exit(main())
