"""Front-matter schema of each kind, checked with pydantic.

The schema answers "is this file well formed on its own"; whether the ids it
cites exist is the resolver's job (``resolve.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import vocabulary as v
from .load import Record
from .problems import Problem, closest, did_you_mean, plain
from .urls import scheme_of, url_problem


def _as_list(value: Any) -> Any:
    """Let a single value stand for a list of one (``authors: ana``)."""
    if value is None:
        return []
    return [value] if isinstance(value, (str, dict)) else value


def _literal(values: tuple[str, ...]) -> Any:
    return Literal[values]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Refers:
    """Marks a field whose values are ids of another kind (resolved by ``resolve.py``)."""

    kind: str


def _link(value: str) -> str:
    reason = url_problem(value)
    if reason:
        raise PydanticCustomError("unsafe_url", "{reason}", {"reason": reason})
    return value


# An address: one @, nothing around it that could make the mailto: link anything else.
_EMAIL = re.compile(r"[^@\s:/\\<>()\[\],;\"]+@[^@\s:/\\<>()\[\],;\"']+")


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise PydanticCustomError("email", "not an email address")
    return value


def _chat(value: str) -> str:
    """Chat is free text ('@ana on Teams') unless it is written as a link, which must then be safe."""
    if (scheme_of(value) and not re.match(r"[^:]*:\s", value)) or value.startswith(("//", "\\")):
        return _link(value)
    return value


_strip = BeforeValidator(lambda x: x.strip() if isinstance(x, str) else x)
Text = Annotated[str, _strip]
#: A link the site may follow: http(s), mailto, tel or relative (see ``urls.py``).
Url = Annotated[str, _strip, AfterValidator(_link)]
Email = Annotated[str, _strip, AfterValidator(_email)]
Id = Annotated[str, _strip]
Ids = Annotated[list[Id], BeforeValidator(_as_list)]
MemberIds = Annotated[Ids, Refers("member")]
CommunityIds = Annotated[Ids, Refers("community")]
ArtefactIds = Annotated[Ids, Refers("artefact")]
Texts = Annotated[list[str], BeforeValidator(_as_list)]
Stage = _literal(v.STAGES)
Role = _literal(v.ROLES)
Level = _literal(v.LEVELS)
ArtefactType = _literal(v.ARTEFACT_TYPES)
ArtefactStatus = _literal(v.ARTEFACT_STATUSES)
EventKind = _literal(v.EVENT_KINDS)
Cycle = _literal(v.CYCLES)
When = dt.datetime | dt.date


# Empty lists default through ``default_factory``: pydantic deep-copies a ``[]`` default on every record that
# leaves the key out (100,000 copies at 20,000 artefacts), where a factory just makes a new list.
class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_min_length=1)


class KeyQuestion(Spec):
    id: str
    question: Text


class Channel(Spec):
    name: Text
    url: Url


class Rhythm(Spec):
    cadence: Text
    formats: Texts = Field(default_factory=list)


class Resources(Spec):
    time: Text | None = None
    budget: Text | None = None
    support: Text | None = None


class CommunitySpec(Spec):
    title: Text
    domain: Text
    stage: Stage
    key_questions: Annotated[list[KeyQuestion], BeforeValidator(_as_list)] = Field(default_factory=list)
    coordinators: MemberIds = Field(default_factory=list)
    core_group: MemberIds = Field(default_factory=list)
    sponsors: MemberIds = Field(default_factory=list)
    value_proposition: Text | None = None
    business_problems: Texts = Field(default_factory=list)
    rhythm: Annotated[Rhythm | None, BeforeValidator(lambda x: {"cadence": x} if isinstance(x, str) else x)] = None
    channels: Annotated[list[Channel], BeforeValidator(_as_list)] = Field(default_factory=list)
    resources: Resources | None = None
    founded: dt.date | None = None
    related: CommunityIds = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)


class Expertise(Spec):
    topic: Text
    level: Level


class Membership(Spec):
    community: Id
    role: Role


class Contact(Spec):
    email: Email | None = None
    chat: Annotated[str, _strip, AfterValidator(_chat)] | None = None
    phone: str | None = None
    office: Text | None = None


class MemberSpec(Spec):
    name: Text
    job_title: Text | None = None
    unit: Text | None = None
    location: Text | None = None
    #: an image file in the content directory, relative to the member's file (checked by ``photos.py``)
    photo: Text | None = None
    expertise: Annotated[list[Expertise], BeforeValidator(_as_list)] = Field(default_factory=list)
    memberships: Annotated[list[Membership], BeforeValidator(_as_list)] = Field(default_factory=list)
    mentors: MemberIds = Field(default_factory=list)
    open_to: Texts = Field(default_factory=list)
    contact: Contact | None = None
    github: str | None = None
    private: Texts = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)

    @field_validator("private")
    @classmethod
    def _private_names_fields(cls, names: list[str]) -> list[str]:
        choices = [f for f in cls.model_fields if f not in ("name", "private", "redirect_from")]
        choices += list(Contact.model_fields)
        for name in names:
            if name not in choices:
                hint = did_you_mean(name, choices) or "choose among " + ", ".join(choices)
                raise ValueError(f"'{name}' is not a member field that can be kept private; {hint}")
        return names


def _elsewhere(value: str) -> str:
    """A resource is somewhere else: a relative path would break on the page, whose address differs from its file's."""
    if scheme_of(value) is None:
        raise PydanticCustomError(
            "unsafe_url", "{reason}", {"reason": "a resource is an address on another site, starting with https://"}
        )
    return value


class Resource(Spec):
    """A resource an artefact points to for further reading, watching or using."""

    title: Text
    url: Annotated[Url, AfterValidator(_elsewhere)]
    type: _literal(v.RESOURCE_TYPES)
    note: Text | None = None


class ArtefactSpec(Spec):
    title: Text
    type: ArtefactType
    summary: Text | None = None
    authors: MemberIds = Field(default_factory=list)
    reviewers: MemberIds = Field(default_factory=list)
    communities: CommunityIds = Field(default_factory=list)
    topics: Texts = Field(default_factory=list)
    tags: Texts = Field(default_factory=list)
    answers: Ids = Field(default_factory=list)
    related: ArtefactIds = Field(default_factory=list)
    derived_from: ArtefactIds = Field(default_factory=list)
    created: dt.date | None = None
    updated: dt.date | None = None
    review_by: dt.date | None = None
    status: ArtefactStatus = "active"
    #: an image in the content folder (relative to this file), or on a host in the plugin's ``external_hosts``
    cover: Url | None = None
    #: what the cover shows, for readers who do not see it (required with ``cover``: see ``covers.py``)
    cover_alt: Text | None = None
    resources: Annotated[list[Resource], BeforeValidator(_as_list)] = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)


class EventSpec(Spec):
    title: Text
    community: Annotated[Id, Refers("community")]
    start: When
    end: When | None = None
    timezone: str | None = None
    kind: EventKind
    hosts: MemberIds = Field(default_factory=list)
    speakers: MemberIds = Field(default_factory=list)
    attendees: MemberIds = Field(default_factory=list)
    attendance: int | None = None
    location: Text | None = None
    url: Url | None = None
    outputs: ArtefactIds = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str | None) -> str | None:
        if name is not None:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone '{name}'; use an IANA name such as 'Europe/Paris'") from None
        return name


def _evidence(value: Any) -> Any:
    """Accept ``- member: ana`` and ``- metric: 30% fewer tickets`` as well as ``member:ana``."""
    items = _as_list(value)
    if not isinstance(items, list):
        return items
    return [
        f"{next(iter(item))}:{next(iter(item.values()))}" if isinstance(item, dict) and len(item) == 1 else item
        for item in items
    ]


class Step(Spec):
    cycle: Cycle
    text: Text
    when: dt.date | None = None
    evidence: Annotated[list[str], BeforeValidator(_evidence)] = Field(default_factory=list)


def _value_tag(tag: str, info: ValidationInfo) -> str:
    """A tag of the commons' value table (``check``'s ``values``; the guide's by default)."""
    table = (info.context or {}).get("values") or v.ValueTable()
    if tag not in table.tags:
        raise PydanticCustomError("value_tag", "{tags}", {"tags": ", ".join(table.tags)})
    return tag


class StorySpec(Spec):
    title: Text
    communities: CommunityIds
    narrators: MemberIds = Field(default_factory=list)
    status: _literal(v.STORY_STATUSES) = "account"
    value_for: Annotated[list[_literal(v.VALUE_FOR)], BeforeValidator(_as_list)] = Field(default_factory=list)
    horizon: Annotated[list[_literal(v.HORIZONS)], BeforeValidator(_as_list)] = Field(default_factory=list)
    value: Annotated[list[Annotated[str, _strip, AfterValidator(_value_tag)]], BeforeValidator(_as_list)] = Field(
        default_factory=list
    )
    steps: Annotated[list[Step], BeforeValidator(_as_list)] = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)


class TermSpec(Spec):
    term: Text
    aliases: Texts = Field(default_factory=list)
    communities: CommunityIds = Field(default_factory=list)
    #: old ids or paths of this page, each of which gets a redirect page (see ``permalinks.py``)
    redirect_from: Texts = Field(default_factory=list)


SCHEMAS: dict[str, type[Spec]] = {
    "community": CommunitySpec,
    "member": MemberSpec,
    "artefact": ArtefactSpec,
    "event": EventSpec,
    "story": StorySpec,
    "term": TermSpec,
}


def references(spec: type[Spec]) -> dict[str, str]:
    """Top-level fields of ``spec`` that hold ids of another kind: field -> kind."""
    found = {}
    for name, field in spec.model_fields.items():
        for marker in field.metadata:
            if isinstance(marker, Refers):
                found[name] = marker.kind
    return found


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose field the last element of ``loc`` names."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            break
        for candidate in (field.annotation, *get_args(field.annotation)):
            for inner in (candidate, *get_args(candidate)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    model = inner
                    break
    return model


def _field_name(loc: tuple[Any, ...]) -> str:
    """``('expertise', 0, 'level')`` -> ``'expertise[1].level'`` (items counted from 1)."""
    name = ""
    for part in loc:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"'{_shown(str(value))}'"


def _shown(text: str, limit: int = 80) -> str:
    """``text`` as one readable line: control characters spelled out, long values cut."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@functools.cache
def _aliases(where: str) -> dict[str, list[str]]:
    """Known other names at ``where`` ("member.contact"): plain name -> our fields, in order of preference."""
    found: dict[str, list[str]] = {}
    for target, names in v.KEY_ALIASES.get(where, {}).items():
        for name in names:
            found.setdefault(plain(name), []).append(target)
    return found


def _suggest_key(kind: str, loc: tuple[Any, ...], data: dict[str, Any]) -> tuple[str | None, str]:
    """The field an unknown key at ``loc`` most likely means, and the hint that says so.

    Names from other systems come first ('subtitle' -> 'summary'), then slips of the
    keyboard ('levle' -> 'level'); with neither, the hint lists the allowed keys.
    """
    key, parent = str(loc[-1]), loc[:-1]
    if not parent and key in v.RENAMED.get(kind, {}):
        new, version = v.RENAMED[kind][key]
        return new, f"'{key}' was renamed '{new}' in version {version}: rename the key (see its upgrade note)"
    fields = list(_model_at(SCHEMAS[kind], loc).model_fields)
    present = _value_at(data, parent)
    present = present if isinstance(present, dict) else {}
    targets = _aliases(".".join([kind, *(str(p) for p in parent if not isinstance(p, int))])).get(plain(key), [])
    if targets:

        def has(field: str) -> bool:
            return _value_at(present, tuple(field.split("."))) is not None

        target = next((t for t in targets if not has(t)), targets[0])
        if target == v.PAGE_TEXT:
            return None, "write it in the page text, below the front matter"
        if "." in target:
            outer, inner = target.split(".", 1)
            return None, f"write it as '{inner}' under '{outer}:'"
        if has(target):
            return None, f"did you mean '{target}'? The file already has '{target}': keep one"
        return target, f"did you mean '{target}'?"
    target = closest(key, fields)
    if target:
        return target, f"did you mean '{target}'?"
    return None, "allowed keys: " + ", ".join(fields)


def _url_hint(value: Any) -> str:
    if isinstance(value, str) and value.strip().startswith(("//", "\\")):
        return "write the whole address, starting with https://"
    return "use an https:// address, mailto:, tel: or a path relative to this page"


def _problem(record: Record, spec: type[Spec], error: dict[str, Any]) -> Problem:
    loc = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    name = _field_name(loc) or record.kind
    line = record.line_of(loc)
    if kind == "extra_forbidden":
        _, hint = _suggest_key(record.kind, loc, record.data)
        return Problem(record.path, line, f"unknown key '{_shown(str(loc[-1]))}'", hint=hint)
    if kind == "missing":
        field = _model_at(spec, loc).model_fields.get(str(loc[-1]))
        choices = [c for a in get_args(field.annotation) for c in (get_args(a) or (a,)) if isinstance(c, str)] if (
            field
        ) else []  # fmt: skip
        hint = f"add '{loc[-1]}:' with one of: {', '.join(choices)}" if choices else ""
        line = record.line_of(loc[:-1]) if len(loc) > 1 else 1
        return Problem(record.path, line, f"missing required key '{name}'", hint=hint)
    if kind == "value_tag":
        hint = did_you_mean(str(value), error["ctx"]["tags"].split(", ")) or "choose one of: " + error["ctx"]["tags"]
        return Problem(record.path, line, f"{name}: {_describe(value)} is not in the value table", hint=hint)
    if kind == "literal_error":
        allowed = error["ctx"]["expected"].replace("'", "")
        hint = did_you_mean(str(value), allowed.replace(" or ", ", ").split(", "))
        message = f"{name}: {_describe(value)} is not one of: {allowed}"
        return Problem(record.path, line, message, hint=hint)
    if kind.startswith(("date", "datetime")):
        return Problem(
            record.path,
            line,
            f"{name}: {_describe(value)} is not a valid date",
            hint="write it as YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time",
        )
    if kind == "string_type" and value is None:  # '- ' or 'key:' with nothing after it
        return Problem(record.path, line, f"{name} is empty", hint="write a value or remove the key")
    if kind == "string_type":
        return Problem(
            record.path,
            line,
            f"{name} should be text, found {_describe(value)}",
            hint="quote it if it is meant as text",
        )
    if kind == "list_type":
        return Problem(
            record.path, line, f"{name} should be a list, found {_describe(value)}", hint="write one '- item' per line"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Problem(record.path, line, f"{name} should be a mapping of keys, found {_describe(value)}")
    if kind == "string_too_short":
        return Problem(record.path, line, f"{name} is empty", hint="write a value or remove the key")
    if kind == "unsafe_url":
        message = f"{name}: {_describe(value)} is not a link the site can publish: {error['ctx']['reason']}"
        hint = "write the whole address, starting with https://" if loc[0] == "resources" else _url_hint(value)
        return Problem(record.path, line, message, hint=hint)
    if kind == "email":
        hint = (
            "write the address alone, without 'mailto:'"
            if str(value).lower().startswith("mailto:")
            else "write one address, such as name@example.org"
        )
        return Problem(record.path, line, f"{name}: {_describe(value)} is not an email address", hint=hint)
    if kind == "value_error":
        return Problem(record.path, line, f"{name}: {error['ctx']['error']}")
    return Problem(record.path, line, f"{name}: {error['msg'].lower()} (found {_describe(value)})")


def check(
    record: Record, values: v.ValueTable | None = None
) -> tuple[Spec | None, list[Problem], frozenset[tuple[Any, ...]]]:
    """Validate one record against its kind's schema; every problem, none raised.

    ``values`` is the commons' value table, which story ``value`` tags must come from.

    Also returns where the values that failed stand, so that the resolver does
    not report them a second time as unknown ids. A misspelt required key is one
    mistake: its "unknown key" hint names the field, and no "missing" follows.
    """
    spec = SCHEMAS[record.kind]
    try:
        return spec.model_validate(record.data, context={"values": values}), [], frozenset()
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    meant = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            target, _ = _suggest_key(record.kind, loc, record.data)
            meant.add(loc[:-1] + (target,))
    problems = [
        _problem(record, spec, error)
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in meant)
    ]
    return _without_failing_keys(spec, record.data, errors), problems, frozenset(tuple(e["loc"]) for e in errors)


def _without_failing_keys(spec: type[Spec], data: dict[str, Any], errors: list[Any]) -> Spec | None:
    """The entity without the keys that failed, so that a non-strict build can still show the rest of its page.

    Its problems are reported all the same (strict builds and ``validate`` fail on them). None when
    that is not enough (a required key is missing), or when ``private`` failed: without it the page
    would publish what a member keeps private.
    """
    failed = {error["loc"][0] for error in errors if error["loc"]}
    if any(not error["loc"] for error in errors) or "private" in failed:  # a whole-entity error, or privacy
        return None
    try:
        return spec.model_validate({key: value for key, value in data.items() if key not in failed})
    except ValidationError:
        return None
