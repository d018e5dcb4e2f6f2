"""Resolve checked records into the cross-referenced ``Commons``.

Every reference is looked up here, in one place, and becomes a link in both
directions; whatever does not resolve becomes a problem naming the file, the
line and the nearest id. Consistency rules that span files live here too.

Source of truth for community roles: the community file (``coordinators``,
``core_group``, ``sponsors``) is what its coordinators own through CODEOWNERS,
so it decides who coordinates, who is in the core group and who sponsors. A
member file may repeat those roles; where it says something else, that is a
contradiction and an error. Other roles (active, occasional, peripheral) come
from the member's own ``memberships``.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from . import model as m
from . import schema as s
from .links import entity_target, find_links
from .load import SLUG, Record
from .problems import Problem, Severity, did_you_mean, plain
from .schema import SCHEMAS, check, references
from .topics import canonical_labels, near_duplicates, topic_key
from .vocabulary import CYCLES, INTERNAL_ONLY, RESERVED_COMMUNITY_IDS, ROLES, ValueTable

FOLDERS = {
    "community": "communities/{}/index.md",
    "member": "members/{}.md",
    "artefact": "practice/<community>/{}.md",
    "event": "events/{}.md",
    "story": "success-stories/{}.md",
    "term": "glossary/{}.md",
}
#: Prefixes that say which kind a story's evidence cites.
EVIDENCE_KINDS = ("member", "artefact", "event")
COMMUNITY_ROLES = {"coordinators": "coordinator", "core_group": "core", "sponsors": "sponsor"}


def published(kind: str, spec: Any, audience: str = "internal") -> Any:
    """``spec`` without what must not be published: a member's ``private`` fields, and the
    internal-only fields (``vocabulary.INTERNAL_ONLY``) when the site is for a public audience."""
    hidden = set(INTERNAL_ONLY.get(kind, ())) if audience == "public" else set()
    if kind == "member":
        hidden |= set(spec.private)
    if not hidden:
        return spec
    fields = type(spec).model_fields
    update: dict[str, Any] = {f: fields[f].get_default(call_default_factory=True) for f in hidden if f in fields}
    if getattr(spec, "contact", None) is not None and "contact" not in hidden:
        contact = {f: None for f in hidden if f in s.Contact.model_fields}
        update["contact"] = spec.contact.model_copy(update=contact) if contact else spec.contact
    return spec.model_copy(update=update)


def _loops(graph: Mapping[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of ``graph`` (Tarjan's algorithm, without recursion).

    Here rather than networkx: ``commons validate`` would pay a third of a second to import it.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in list(graph):
        if start in index:
            continue
        work = [(start, iter(graph.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


class _Resolver:
    def __init__(self, today: dt.date, audience: str = "internal", values: ValueTable | None = None) -> None:
        self.today = today
        self.audience = audience
        self.values = values
        self.problems: list[Problem] = []
        self.index: dict[str, dict[str, Any]] = {kind: {} for kind in FOLDERS}
        self.known: dict[str, set[str]] = {kind: set() for kind in FOLDERS}
        # Insertion-ordered sets: a back-link is recorded once, in content order.
        self.links: dict[tuple[int, str], dict[Any, None]] = defaultdict(dict)
        # Key questions by id, of each tuple of communities an artefact answers in (see ``answers``).
        self.questions: dict[tuple[Any, ...], dict[str, m.KeyQuestion]] = {}
        # Records kept out of the index (failed schema, duplicate id), with where their schema failed.
        self.unindexed: list[tuple[Record, Any, frozenset[tuple[Any, ...]]]] = []

    # -- problems and references -------------------------------------------------

    def report(
        self, record: Record, loc: tuple[Any, ...], message: str, hint: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(record.path, record.line_of(loc), message, severity, hint))

    def ref(self, record: Record, loc: tuple[Any, ...], kind: str, ident: str) -> Any:
        """The entity ``ident`` of ``kind``, or None after reporting why not."""
        found = self.index[kind].get(ident)
        if found is not None or ident in self.known[kind]:
            return found  # a known id whose own file is broken is reported there
        hint = self.named(kind, ident) or did_you_mean(ident, self.index[kind])
        hint = hint or f"no file {FOLDERS[kind].format(ident)}"
        self.report(record, loc, f"unknown {kind} '{ident}'", hint)
        return None

    def named(self, kind: str, text: str) -> str:
        """A hint for ids written as one text ('ana, ben') or an entity cited by its name ('Ana Silva')."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) > 1 and all(part in self.known[kind] for part in parts):
            return f"write a list, one id per item: [{', '.join(parts)}]"
        wanted = plain(text)
        for ident, entity in self.index[kind].items():
            if plain(entity.title) == wanted:
                return f"write its id, '{ident}', rather than its name"
        return ""

    def refs(
        self, record: Record, field: str, kind: str, ids: Iterable[str], base: tuple[Any, ...] = ()
    ) -> tuple[Any, ...]:
        if not ids:
            return ()
        index, found = self.index[kind], []
        for i, ident in enumerate(ids):
            entity = index.get(ident)  # most ids: ``ref`` without its call and the item's location
            if entity is None:
                entity = self.ref(record, base + (field, i), kind, ident)
            if entity is not None and entity not in found:
                found.append(entity)
        return tuple(found)

    def link(self, entity: Any, relation: str, other: Any) -> None:
        """Record the back-link ``entity.relation += other`` (frozen at the end)."""
        self.links[(id(entity), relation)][other] = None

    def linked(self, entity: Any, relation: str) -> tuple[Any, ...]:
        return tuple(self.links.get((id(entity), relation), {}))

    # -- the passes ----------------------------------------------------------------

    def run(self, records: list[Record]) -> m.Commons:
        checked = self.check_all(records)
        self.create(checked)
        for record, spec, invalid in self.unindexed:
            self.check_references(record, spec, invalid)
        self.resolve_communities(checked["community"])
        self.resolve_members(checked["member"])
        self.resolve_artefacts(checked["artefact"])
        self.resolve_events(checked["event"])
        self.resolve_stories(checked["story"])
        self.resolve_terms(checked["term"])
        self.resolve_citations(checked)
        self.freeze()
        return self.commons()

    def check_all(self, records: list[Record]) -> dict[str, list[tuple[Record, Any]]]:
        checked: dict[str, list[tuple[Record, Any]]] = {kind: [] for kind in FOLDERS}
        first_path: dict[tuple[str, str], Record] = {}
        for record in sorted(records, key=_path):
            other = first_path.get((record.kind, record.id))
            if other is not None:
                self.report(
                    record,
                    (),
                    f"{record.kind} id '{record.id}' is also used by {other.path}",
                    hint="artefact ids are unique across the whole commons; rename one file",
                )
            else:
                first_path[(record.kind, record.id)] = record
                self.known[record.kind].add(record.id)
            if record.kind == "community" and record.id in RESERVED_COMMUNITY_IDS:
                self.report(
                    record,
                    (),
                    f"a community cannot be called '{record.id}': /practice/{record.id}/ is the site's own page",
                    hint=f"give it another id: rename its folders communities/{record.id}/ and practice/{record.id}/",
                )
            spec, problems, invalid = check(record, self.values)
            self.problems.extend(problems)
            if spec is not None and other is None:
                checked[record.kind].append((record, spec))
            else:  # the duplicate stays out of the index, but its other problems are reported
                self.unindexed.append((record, spec, invalid))
        return checked

    def check_references(
        self, record: Record, spec: Any = None, invalid: frozenset[tuple[Any, ...]] = frozenset(), skip: str = ""
    ) -> None:
        """Whether the ids a file cites exist, for a file that joins no link (broken, duplicate, homeless).

        Values that failed the schema were reported there (an empty author is one
        mistake, not also an unknown member), and so was ``skip``.
        """
        failed = {loc[:2] for loc in invalid}
        for field, kind in references(SCHEMAS[record.kind]).items():
            value = getattr(spec, field) if spec is not None else record.data.get(field)
            if field == skip or (field,) in failed:
                continue
            items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            for i, item in enumerate(items):
                loc = (field, i) if isinstance(value, list) else (field,)
                if isinstance(item, str) and (field, i) not in failed:
                    self.ref(record, loc, kind, item.strip())

    def create(self, checked: dict[str, list[tuple[Record, Any]]]) -> None:
        classes = {
            "community": m.Community,
            "member": m.Member,
            "artefact": m.Artefact,
            "event": m.Event,
            "story": m.Story,
            "term": m.Term,
        }
        for kind, pairs in checked.items():
            for record, spec in pairs:
                self.index[kind][record.id] = classes[kind](
                    id=record.id,
                    path=record.path,
                    body=record.body,
                    body_line=record.body_line,
                    spec=published(kind, spec, self.audience),
                )
        # Topics are labelled once, from every spelling in the commons.
        labels = [e.topic for _, spec in checked["member"] for e in spec.expertise]
        labels += [t for _, spec in checked["artefact"] for t in spec.topics]
        self.topic_labels = canonical_labels(labels)
        self.topic_index: dict[str, list[Any]] = defaultdict(list)
        self.check_topic_spellings(checked)

    def check_topic_spellings(self, checked: dict[str, list[tuple[Record, Any]]]) -> None:
        uses: Counter[str] = Counter()
        first_use: dict[str, tuple[Record, tuple[Any, ...]]] = {}
        for record, spec in checked["member"]:
            for i, e in enumerate(spec.expertise):
                key = topic_key(e.topic)
                uses[key] += 1
                first_use.setdefault(key, (record, ("expertise", i, "topic")))
        for record, spec in checked["artefact"]:
            for i, topic in enumerate(spec.topics):
                key = topic_key(topic)
                uses[key] += 1
                first_use.setdefault(key, (record, ("topics", i)))
        for a, b in near_duplicates(uses):
            rare, common = (a, b) if (uses[a], b) < (uses[b], a) else (b, a)
            record, loc = first_use[rare]
            self.report(
                record,
                loc,
                f"topic '{self.topic_labels[rare]}' looks like '{self.topic_labels[common]}' "
                f"(used {uses[rare]} and {uses[common]} times)",
                hint=f"write '{self.topic_labels[common]}' so that experts and artefacts meet under one topic",
                severity=Severity.WARNING,
            )

    def topic(self, label: str, entity: Any) -> str:
        canonical = self.topic_labels[topic_key(label)]
        bucket = self.topic_index[canonical]
        if not bucket or bucket[-1] is not entity:
            bucket.append(entity)
        return canonical

    def resolve_communities(self, pairs: list[tuple[Record, Any]]) -> None:
        for record, spec in pairs:
            c: m.Community = self.index["community"][record.id]
            questions, seen = [], {}
            for i, q in enumerate(spec.key_questions):
                if q.id in seen:
                    self.report(
                        record,
                        ("key_questions", i, "id"),
                        f"key question id '{q.id}' is also used on line {seen[q.id]}",
                        hint="key question ids are unique within a community",
                    )
                    continue
                if not SLUG.fullmatch(q.id):
                    self.report(
                        record,
                        ("key_questions", i, "id"),
                        f"key question id '{q.id}' is not a slug",
                        hint="use lowercase letters, digits and hyphens",
                    )
                seen[q.id] = record.line_of(("key_questions", i, "id"))
                questions.append(m.KeyQuestion(q.id, q.question, c))
            c.key_questions = tuple(questions)
            for field, role in COMMUNITY_ROLES.items():
                for member in self.refs(record, field, "member", getattr(spec, field)):
                    self.link(c, role, member)
                    self.link(member, "community-role", (c, role))
            for other in self.refs(record, "related", "community", spec.related):
                if other is c:
                    self.report(record, ("related",), "a community cannot be related to itself")
                    continue
                self.link(c, "related", other)
                self.link(other, "related", c)

    def resolve_members(self, pairs: list[tuple[Record, Any]]) -> None:
        for record, spec in pairs:
            member: m.Member = self.index["member"][record.id]
            # Validation reads the whole file; the model keeps only what may be published.
            shown = member.spec
            member.expertise = tuple((self.topic(e.topic, member), e.level) for e in shown.expertise)
            declared: dict[m.Community, tuple[str, int]] = {}
            for i, ms in enumerate(spec.memberships):
                c = self.ref(record, ("memberships", i, "community"), "community", ms.community)
                if c is None:
                    continue
                if c in declared:
                    self.report(
                        record,
                        ("memberships", i),
                        f"community '{c.id}' is listed twice in memberships",
                        hint="keep one entry with the member's role",
                        severity=Severity.WARNING,
                    )
                    continue
                declared[c] = (ms.role, i)
            # The community file decides coordinators, core group and sponsors.
            official: dict[m.Community, list[str]] = defaultdict(list)
            for c, role in self.linked(member, "community-role"):
                official[c].append(role)
            for c, (role, i) in declared.items():
                granted = official.get(c, [])
                agrees = role in granted or (role == "core" and "coordinator" in granted)
                if granted and not agrees:
                    self.report(
                        record,
                        ("memberships", i, "role"),
                        f"role '{role}' in '{c.id}' contradicts {c.path}, "
                        f"which lists {record.id} as {' and '.join(granted)}",
                        hint=f"the community file decides; write role: {granted[0]}",
                    )
                elif not granted and role in COMMUNITY_ROLES.values():
                    field = next(f for f, r in COMMUNITY_ROLES.items() if r == role)
                    self.report(
                        record,
                        ("memberships", i, "role"),
                        f"role '{role}' in '{c.id}' is not confirmed by {c.path}",
                        hint=f"add {record.id} to {field} in {c.path}, or choose active, occasional or peripheral",
                    )
            # Roles the member declares are theirs to keep private; the community file's are its own to publish.
            roles = {c: role for c, (role, _) in declared.items()} if shown.memberships else {}
            for c, granted in official.items():
                roles[c] = min(granted, key=ROLES.index)
            member.memberships = tuple(sorted(roles.items(), key=lambda cr: (ROLES.index(cr[1]), cr[0].id)))
            for c, role in member.memberships:
                self.link(c, "member:" + role, member)
            mentors = self.refs(record, "mentors", "member", spec.mentors)
            if member in mentors:
                self.report(record, ("mentors",), "a member cannot mentor themselves")
            member.mentors = tuple(x for x in mentors if x is not member) if shown.mentors else ()
            for mentor in member.mentors:
                self.link(mentor, "mentees", member)

    def resolve_artefacts(self, pairs: list[tuple[Record, Any]]) -> None:
        graph: dict[str, set[str]] = defaultdict(set)
        for record, spec in pairs:
            a: m.Artefact = self.index["artefact"][record.id]
            home = self.index["community"].get(record.folder)
            if home is None:
                if record.folder not in self.known["community"]:
                    hint = (
                        did_you_mean(record.folder, self.index["community"])
                        or "move the file under practice/<community>/"
                    )
                    self.report(record, (), f"folder practice/{record.folder}/ names no community", hint)
                del self.index["artefact"][record.id]
                self.check_references(record, spec)
                continue
            a.community = home
            if spec.communities:
                extra = self.refs(record, "communities", "community", spec.communities)
                a.communities = (home, *(c for c in extra if c is not home))
            else:  # most artefacts: their home alone
                a.communities = (home,)
            for c in a.communities:
                self.link(c, "artefacts", a)
            a.topics = tuple(dict.fromkeys(self.topic(t, a) for t in spec.topics)) if spec.topics else ()
            self.check_dates(record, spec)
        for record, spec in pairs:
            a = self.index["artefact"].get(record.id)
            if a is None:
                continue
            a.authors = self.refs(record, "authors", "member", spec.authors)
            a.reviewers = self.refs(record, "reviewers", "member", spec.reviewers)
            for x in a.authors:
                self.link(x, "authored", a)
            for x in a.reviewers:
                self.link(x, "reviewed", a)
            a.answers = self.answers(record, spec, a)
            a.related = tuple(x for x in self.refs(record, "related", "artefact", spec.related) if x is not a)
            for x in a.related:
                self.link(x, "referenced_by", ("related", a))
            a.derived_from = self.refs(record, "derived_from", "artefact", spec.derived_from)
            for parent in a.derived_from:
                graph[a.id].add(parent.id)
                self.link(parent, "derivatives", a)
                self.link(parent, "referenced_by", ("derived_from", a))
        for cycle in _loops(graph):
            if len(cycle) > 1 or any(n in graph[n] for n in cycle):
                for ident in sorted(cycle):
                    a = self.index["artefact"][ident]
                    record = next(r for r, _ in pairs if r.id == ident)
                    self.report(
                        record,
                        ("derived_from",),
                        f"derived_from makes a loop: {' → '.join(sorted(cycle))}",
                        hint="an artefact cannot descend from itself",
                    )

    def check_dates(self, record: Record, spec: Any) -> None:
        if spec.created and spec.updated and spec.updated < spec.created:
            self.report(
                record,
                ("updated",),
                f"updated ({spec.updated}) is before created ({spec.created})",
                severity=Severity.WARNING,
            )
        if spec.review_by and spec.review_by < self.today:
            self.report(
                record,
                ("review_by",),
                f"review was due on {spec.review_by}",
                hint="review the artefact and move review_by forward",
                severity=Severity.NOTICE,
            )

    def answers(self, record: Record, spec: Any, a: m.Artefact) -> tuple[m.KeyQuestion, ...]:
        found = []
        for i, ident in enumerate(spec.answers):
            scope = a.communities
            if "/" in ident:  # community/question names a question of any community
                community_id, ident = ident.split("/", 1)
                c = self.ref(record, ("answers", i), "community", community_id)
                if c is None:
                    continue
                scope = (c,)
            questions = self.questions.get(scope)
            if questions is None:  # the key questions of a scope, built once: most artefacts answer their home's
                questions = self.questions[scope] = {q.id: q for c in scope for q in c.key_questions}
            q = questions.get(ident)
            if q is None:
                where = ", ".join(c.id for c in scope)
                hint = did_you_mean(ident, questions) or f"key questions of {where}: {', '.join(questions) or 'none'}"
                self.report(record, ("answers", i), f"'{ident}' is not a key question of {where}", hint)
                continue
            found.append(q)
            self.link(q, "answered_by", a)
        return tuple(found)

    def resolve_events(self, pairs: list[tuple[Record, Any]]) -> None:
        for record, spec in pairs:
            e: m.Event = self.index["event"][record.id]
            e.community = self.ref(record, ("community",), "community", spec.community)
            if e.community is None:
                del self.index["event"][record.id]
                self.check_references(record, spec, skip="community")
                continue
            self.link(e.community, "events", e)
            for field in ("hosts", "speakers", "attendees"):
                members = self.refs(record, field, "member", getattr(spec, field))
                setattr(e, field, members)
                for x in members:
                    self.link(x, {"hosts": "hosted", "speakers": "spoke_at", "attendees": "attended"}[field], e)
            e.outputs = self.refs(record, "outputs", "artefact", spec.outputs)
            for x in e.outputs:
                self.link(x, "referenced_by", ("output_of", e))
            if spec.end is not None and _ends_before(spec.start, spec.end):
                self.report(
                    record,
                    ("end",),
                    f"the event ends ({spec.end}) before it starts ({spec.start})",
                    hint="check the dates and times",
                )
            if spec.attendance is not None and spec.attendance < len(e.attendees):
                self.report(
                    record,
                    ("attendance",),
                    f"attendance {spec.attendance} is less than the {len(e.attendees)} attendees listed",
                    severity=Severity.WARNING,
                )

    def resolve_stories(self, pairs: list[tuple[Record, Any]]) -> None:
        for record, spec in pairs:
            story: m.Story = self.index["story"][record.id]
            story.communities = self.refs(record, "communities", "community", spec.communities)
            story.narrators = self.refs(record, "narrators", "member", spec.narrators)
            for c in story.communities:
                self.link(c, "stories", story)
            for x in story.narrators:
                self.link(x, "narrated", story)
            steps, highest = [], 0
            for i, step in enumerate(spec.steps):
                rank = CYCLES.index(step.cycle)
                if rank < highest:
                    self.report(
                        record,
                        ("steps", i, "cycle"),
                        f"step {i + 1} ('{step.cycle}') comes after a '{CYCLES[highest]}' step",
                        hint="value cycles climb in order: " + " → ".join(CYCLES),
                        severity=Severity.WARNING,
                    )
                highest = max(highest, rank)
                evidence = tuple(
                    self.evidence(record, ("steps", i, "evidence", j), text, story)
                    for j, text in enumerate(step.evidence)
                )
                steps.append(m.StoryStep(step.cycle, step.text, step.when, tuple(x for x in evidence if x)))
            story.steps = tuple(steps)
            if len({step.cycle for step in steps}) == 1:
                self.report(
                    record,
                    ("steps",),
                    f"the story stays at {steps[0].cycle} value: it reads as a testimonial",
                    hint="add the steps that followed: what was done with it (applied), what it changed (realized)",
                    severity=Severity.WARNING,
                )

    def evidence(self, record: Record, loc: tuple[Any, ...], text: str, story: m.Story) -> m.Evidence | None:
        prefix, sep, rest = text.partition(":")
        prefix, rest = prefix.strip(), rest.strip()
        if sep and prefix == "metric":
            return m.Evidence(rest)
        if sep and SLUG.fullmatch(prefix) and SLUG.fullmatch(rest):
            if prefix not in EVIDENCE_KINDS:
                hint = did_you_mean(prefix, (*EVIDENCE_KINDS, "metric")) or "use member:, artefact:, event: or metric:"
                self.report(record, loc, f"unknown evidence kind '{prefix}:'", hint)
                return None
            entity = self.ref(record, loc, prefix, rest)
        elif not sep and SLUG.fullmatch(text):
            matches = [self.index[k][text] for k in EVIDENCE_KINDS if text in self.index[k]]
            if len(matches) > 1:
                kinds = " or ".join(f"{x.kind}:{text}" for x in matches)
                self.report(record, loc, f"evidence '{text}' could be several things", hint=f"write {kinds}")
                return None
            if not matches:
                every = [i for k in EVIDENCE_KINDS for i in self.index[k]]
                hint = did_you_mean(text, every) or "cite member:, artefact: or event: ids, or metric: with words"
                self.report(record, loc, f"evidence '{text}' names no member, artefact or event", hint)
                return None
            entity = matches[0]
        else:
            return m.Evidence(text)  # words, not an id: a measure or observation
        if entity is None:
            return None
        if entity.kind == "artefact":
            self.link(entity, "referenced_by", ("evidence_for", story))
        return m.Evidence(entity.title, entity)

    def resolve_terms(self, pairs: list[tuple[Record, Any]]) -> None:
        for record, spec in pairs:
            term: m.Term = self.index["term"][record.id]
            term.communities = self.refs(record, "communities", "community", spec.communities)
            for c in term.communities:
                self.link(c, "terms", term)

    def resolve_citations(self, checked: dict[str, list[tuple[Record, Any]]]) -> None:
        """An artefact cited by an entity link in another entity's body is referenced by it.

        Unknown ids in those links are reported by ``links.check_links``, with the page's other links.
        """
        for kind, pairs in checked.items():
            for record, _ in pairs:
                source = self.index[kind].get(record.id)
                for link in find_links(record.body) if source is not None and ":" in record.body else ():
                    target = entity_target(link.url) if link.kind != "html" else None
                    cited = self.index["artefact"].get(target[1]) if target and target[0] == "artefact" else None
                    if cited is not None and cited is not source:
                        self.link(cited, "referenced_by", ("cited_in", source))

    def freeze(self) -> None:
        """Turn the collected back-links into the entities' tuples."""
        for c in self.index["community"].values():
            by_role = {role: self.linked(c, "member:" + role) for role in ROLES}
            c.members_by_role = MappingProxyType({r: ms for r, ms in by_role.items() if ms})
            c.coordinators = by_role["coordinator"]
            c.core_group = tuple(dict.fromkeys(by_role["coordinator"] + by_role["core"]))
            c.sponsors = self.linked(c, "sponsor")
            for relation in ("artefacts", "events", "stories", "terms", "related"):
                setattr(c, relation, self.linked(c, relation))
            c.events = tuple(sorted(c.events, key=lambda e: _sort_time(e.spec.start)))
            for q in c.key_questions:
                q.answered_by = self.linked(q, "answered_by")
        for x in self.index["member"].values():
            for relation in ("authored", "reviewed", "hosted", "spoke_at", "attended", "narrated", "mentees"):
                setattr(x, relation, self.linked(x, relation))
        for a in self.index["artefact"].values():
            a.derivatives = self.linked(a, "derivatives")
            a.referenced_by = self.linked(a, "referenced_by")

    def commons(self) -> m.Commons:
        frozen = {kind: MappingProxyType(dict(sorted(items.items()))) for kind, items in self.index.items()}
        topics = {label: tuple(self.topic_index[label]) for label in sorted(self.topic_index, key=topic_key)}
        return m.Commons(
            communities=frozen["community"],
            members=frozen["member"],
            artefacts=frozen["artefact"],
            events=frozen["event"],
            stories=frozen["story"],
            terms=frozen["term"],
            topics=MappingProxyType(topics),
        )


_path = operator.attrgetter("path")


def _sort_time(value: dt.date | dt.datetime) -> tuple[dt.date, dt.time]:
    if isinstance(value, dt.datetime):
        return (value.date(), value.time().replace(tzinfo=None))
    return (value, dt.time.min)


def _ends_before(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> bool:
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if (start.tzinfo is None) != (end.tzinfo is None):
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        return end < start
    as_date = lambda d: d.date() if isinstance(d, dt.datetime) else d  # noqa: E731
    return as_date(end) < as_date(start)


def resolve(
    records: list[Record],
    today: dt.date | None = None,
    audience: str = "internal",
    *,
    known: Mapping[str, Iterable[str]] | None = None,
    values: ValueTable | None = None,
) -> tuple[m.Commons, list[Problem]]:
    """Check and cross-reference ``records``; return the commons and every problem.

    ``today`` decides which reviews are overdue (notices only, never failures);
    ``audience`` (internal | public) decides which fields the commons publishes;
    ``known`` (kind -> ids) are ids whose files exist but were not read (``commons validate --changed``):
    references to them are not reported. ``values`` is the value table stories' ``value`` tags come from
    (the guide's by default).
    """
    resolver = _Resolver(today or m.build_date(), audience, values)
    for kind, idents in (known or {}).items():
        resolver.known[kind].update(idents)
    commons = resolver.run(records)
    return commons, resolver.problems
