"""The commons' fixed vocabulary, after Wenger's quick start guide.

Labels for these values live in the translation tables; here are only the ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STAGES = ("potential", "coalescing", "maturing", "stewardship", "transformation")
ROLES = ("coordinator", "core", "active", "occasional", "peripheral", "sponsor")
LEVELS = ("learning", "practitioner", "expert")
ARTEFACT_TYPES = ("method", "story", "case", "tool", "document", "lesson", "template", "guide", "faq")
ARTEFACT_STATUSES = ("draft", "active", "deprecated", "archived")
#: What an artefact's `resources` entry is: the page shows a label and an icon for each.
RESOURCE_TYPES = ("web", "video", "book", "podcast", "article", "course", "tool", "dataset")
EVENT_KINDS = ("meeting", "workshop", "clinic", "webinar", "talk", "visit", "social", "conference", "training")
STORY_STATUSES = ("account", "aspiration")
VALUE_FOR = ("members", "organisation")
HORIZONS = ("short-term", "long-term")
#: Value-creation cycles, in the order a story climbs them.
CYCLES = ("immediate", "potential", "applied", "realized", "reframing")

#: Wenger's value table: who gains, over which horizon, which kind of value.
VALUE_TABLE: dict[tuple[str, str], tuple[str, ...]] = {
    ("members", "short-term"): (
        "help-with-challenges",
        "access-to-expertise",
        "confidence",
        "fun-with-colleagues",
        "meaningful-work",
    ),
    ("members", "long-term"): (
        "personal-development",
        "reputation",
        "professional-identity",
        "networking",
        "marketability",
    ),
    ("organisation", "short-term"): (
        "problem-solving",
        "time-saved",
        "knowledge-sharing",
        "synergies-across-units",
        "reuse-of-resources",
    ),
    ("organisation", "long-term"): (
        "strategic-capabilities",
        "keeping-up-to-date",
        "innovation",
        "talent-retention",
        "new-strategies",
    ),
}
VALUE_TAGS = tuple(tag for tags in VALUE_TABLE.values() for tag in tags)


@dataclass(frozen=True)
class ValueTable:
    """The value table a commons uses: the guide's (the default) or the organisation's own.

    Its rows and columns are the guide's (members | organisation by short | long term);
    the values in each cell are the organisation's to choose. ``labels`` gives, per tag,
    a label per language; a tag without one takes ``value_<tag>`` from the translation
    tables, or its own words.
    """

    cells: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=lambda: dict(VALUE_TABLE))
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(tag for tags in self.cells.values() for tag in tags)

    def cell_of(self, tag: str) -> tuple[str, str] | None:
        return next((cell for cell, tags in self.cells.items() if tag in tags), None)

    @classmethod
    def from_option(cls, option: Mapping[str, Any] | None) -> ValueTable:
        """The table an organisation wrote under the plugin's ``value_table`` option.

        ``{members: {short-term: [tag, {tag: id, en: Label, fr: Libellé}, ...], long-term: [...]},
        organisation: {...}}``; a row or column left out keeps the guide's values.
        Raises ``ValueError`` with a message for the site's author.
        """
        if not option:
            return cls()
        if not isinstance(option, Mapping):
            raise ValueError("value_table should map members and organisation to their short-term and long-term values")
        cells, labels = dict(VALUE_TABLE), {}
        for who, horizons in option.items():
            if who not in VALUE_FOR:
                raise ValueError(f"value_table: '{who}' is not one of: {', '.join(VALUE_FOR)}")
            if not isinstance(horizons, Mapping):
                raise ValueError(f"value_table.{who} should map short-term and long-term to lists of values")
            for horizon, entries in horizons.items():
                if horizon not in HORIZONS:
                    raise ValueError(f"value_table.{who}: '{horizon}' is not one of: {', '.join(HORIZONS)}")
                if not isinstance(entries, list):
                    raise ValueError(f"value_table.{who}.{horizon} should be a list of values")
                tags = []
                for entry in entries:
                    tag = entry.get("tag") if isinstance(entry, Mapping) else entry
                    if not isinstance(tag, str) or not tag.strip():
                        raise ValueError(f"value_table.{who}.{horizon}: each value needs a tag, found {entry!r}")
                    tags.append(tag.strip())
                    if isinstance(entry, Mapping):
                        labels[tag.strip()] = {str(k): str(v) for k, v in entry.items() if k != "tag"}
                cells[(who, horizon)] = tuple(tags)
        table = cls(cells, labels)
        repeated = sorted({tag for tag in table.tags if table.tags.count(tag) > 1})
        if repeated:
            raise ValueError(f"value_table: {', '.join(repeated)} appears in more than one cell; keep it in one")
        return table


#: A key that names no field of its own: what it holds belongs in the page text.
PAGE_TEXT = "page text"

#: Fields renamed by a release: kind -> old key -> (new key, version that renamed it). Validation names
#: the new key, and CHANGELOG.md's upgrade note for that version says what else changed. None yet.
RENAMED: dict[str, dict[str, tuple[str, str]]] = {}

#: Names other systems (blogs, wikis, CMSs, HR directories) give our front-matter
#: keys, so that an unknown key suggests the right one. ``where`` -> field -> names;
#: ``where`` is a kind, or a kind and the key of a nested mapping ("member.contact").
#: A dotted field ("contact.email") lives in a nested mapping. When a name fits
#: several fields (a member's ``title``), the first the file does not already have
#: is suggested. Case, ``-`` and ``_`` do not matter ("lastMod" is "last_mod").
KEY_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "community": {
        "title": ("name",),
        "domain": ("description", "summary", "about", "subtitle", "abstract", "scope", "purpose", "topic"),
        "stage": ("status", "phase", "maturity"),
        "key_questions": ("questions", "key_question"),
        "coordinators": ("coordinator", "leads", "lead", "leaders", "leader", "owners", "owner", "facilitators"),
        "core_group": ("core", "core_team", "core_members"),
        "sponsors": ("sponsor", "champion", "champions", "executive_sponsor"),
        "value_proposition": ("value", "value_prop", "benefits", "why"),
        "business_problems": ("problems", "challenges", "pain_points"),
        "rhythm": ("cadence", "schedule", "meetings", "frequency"),
        "channels": ("channel", "links", "chat", "slack", "teams", "mailing_list"),
        "founded": ("date", "created", "created_at", "started", "since", "launched", "founded_on"),
        "related": ("related_communities", "see_also"),
    },
    "community.key_questions": {"question": ("text", "title", "q"), "id": ("slug", "key", "name")},
    "community.channels": {"name": ("title", "label", "text"), "url": ("link", "href", "address", "uri")},
    "community.rhythm": {"cadence": ("frequency", "every", "schedule"), "formats": ("format", "types", "kinds")},
    "community.resources": {"time": ("hours", "effort"), "budget": ("money", "funding")},
    "member": {
        "name": ("title", "full_name", "fullname", "display_name", "person"),
        "job_title": ("title", "position", "job", "jobtitle"),
        "unit": ("team", "department", "dept", "division", "organisation", "organization", "org", "group"),
        "location": ("city", "country", "site", "place", "based", "based_in"),
        "expertise": ("skills", "skill", "tags", "topics", "keywords", "interests", "specialties", "specialities"),
        "memberships": ("communities", "community", "groups", "member_of"),
        "mentors": ("mentor", "mentored_by"),
        "open_to": ("available_for", "offers", "availability"),
        "contact.email": ("email", "mail", "e-mail", "email_address"),
        "contact.phone": ("phone", "telephone", "tel", "mobile", "phone_number"),
        "contact.chat": ("chat", "slack", "teams", "matrix", "im"),
        "contact.office": ("office", "room", "desk"),
        "github": ("github_handle", "github_username", "gh"),
        PAGE_TEXT: ("bio", "about", "biography", "description", "summary"),
    },
    "member.expertise": {"topic": ("name", "skill", "subject", "area", "tag"), "level": ("proficiency", "rating")},
    "member.memberships": {"community": ("name", "id", "group"), "role": ("level", "status", "as")},
    "member.contact": {
        "email": ("mail", "e-mail", "email_address"),
        "phone": ("telephone", "tel", "mobile", "phone_number"),
        "chat": ("slack", "teams", "matrix", "im"),
        "office": ("room", "desk", "location"),
    },
    "artefact": {
        "title": ("name",),
        "type": ("kind", "category_type", "format"),
        "summary": ("subtitle", "description", "abstract", "excerpt", "teaser", "lead", "intro", "synopsis"),
        "authors": ("author", "by", "creator", "creators", "contributors", "written_by", "owner"),
        "reviewers": ("reviewer", "reviewed_by"),
        "communities": ("community",),
        "topics": ("keywords", "categories", "category", "subjects", "subject", "themes"),
        "answers": ("questions", "question", "key_questions", "answers_questions"),
        "related": ("see_also", "links", "related_artefacts"),
        "derived_from": ("based_on", "source", "sources", "adapted_from", "parent"),
        "created": ("date", "published", "publish_date", "pubdate", "created_at", "date_created", "written"),
        "updated": ("modified", "last_modified", "lastmod", "updated_at", "date_modified", "last_updated", "revised"),
        "review_by": ("review", "review_date", "next_review", "expires", "expiry", "review_on"),
        "status": ("state", "draft", "published_status"),
    },
    "event": {
        "title": ("name",),
        "community": ("communities",),
        "start": ("time", "date", "when", "starts", "begin", "start_time", "start_date", "datetime", "starts_at"),
        "end": ("ends", "finish", "until", "end_time", "end_date", "ends_at"),
        "timezone": ("tz", "time_zone"),
        "kind": ("type", "format", "category"),
        "hosts": ("host", "organiser", "organisers", "organizer", "organizers", "facilitator", "facilitators"),
        "speakers": ("speaker", "presenter", "presenters"),
        "attendees": ("attendee", "participants", "participant", "attended_by"),
        "attendance": ("headcount", "participant_count", "count"),
        "location": ("place", "venue", "where", "room", "address"),
        "url": ("link", "href", "meeting_url", "online", "website", "join_url"),
        "outputs": ("output", "artefacts", "materials", "slides", "recording", "resources"),
        PAGE_TEXT: ("description", "summary", "agenda", "abstract", "notes"),
    },
    "story": {
        "title": ("name",),
        "communities": ("community",),
        "narrators": ("narrator", "author", "authors", "told_by", "storytellers"),
        "value": ("tags", "value_tags", "values"),
        "value_for": ("beneficiaries", "for", "who"),
        "horizon": ("timescale", "term"),
        "steps": ("cycles", "chain", "stages"),
        PAGE_TEXT: ("description", "summary", "story"),
    },
    "story.steps": {
        "cycle": ("stage", "phase", "type", "kind"),
        "text": ("description", "story", "summary", "what"),
        "when": ("date", "time"),
        "evidence": ("proof", "sources", "source", "links"),
    },
    "term": {
        "term": ("title", "name", "word"),
        "aliases": ("alias", "synonyms", "synonym", "also_known_as", "aka"),
        "communities": ("community",),
        PAGE_TEXT: ("definition", "description", "meaning", "summary"),
    },
}

#: Fields left out of a site built for a public audience (plugin option ``audience: public``),
#: by kind: how to reach people, and what only colleagues should see (budgets, meeting rooms, links).
INTERNAL_ONLY = {
    "member": ("contact", "github", "location", "photo"),
    "community": ("resources", "channels"),
    "event": ("url",),
}
AUDIENCES = ("internal", "public")


#: Community ids the site's own pages take under /practice/ (/practice/all/, /practice/types/<type>/).
RESERVED_COMMUNITY_IDS = ("all", "types")
