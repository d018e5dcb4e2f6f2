"""The commons' fixed vocabulary, after Wenger's quick start guide.

Labels for these values live in the translation tables; here are only the ids.
"""

from __future__ import annotations

STAGES = ("potential", "coalescing", "maturing", "stewardship", "transformation")
ROLES = ("coordinator", "core", "active", "occasional", "peripheral", "sponsor")
LEVELS = ("learning", "practitioner", "expert")
ARTEFACT_TYPES = ("method", "story", "case", "tool", "document", "lesson", "template", "guide", "faq")
ARTEFACT_STATUSES = ("draft", "active", "deprecated", "archived")
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

#: Fields left out of a site built for a public audience (plugin option ``audience: public``),
#: by kind: how to reach people, and what only colleagues should see (budgets, meeting rooms, links).
INTERNAL_ONLY = {
    "member": ("contact", "github", "location"),
    "community": ("resources", "channels"),
    "event": ("url",),
}
AUDIENCES = ("internal", "public")
