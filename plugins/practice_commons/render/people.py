"""What a profile card shows of a member: initials and their colour, contact links, "open to" chips, home community.

Everything here reads the published member (``Member.spec`` and its resolved relations),
so a field the member keeps ``private`` cannot reach a card.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

from .. import model as m
from ..expertise import by_level
from ..urls import safe_url, scheme_of
from ..vocabulary import ROLES
from .i18n import Labels

#: How many avatar colours ``commons.css`` defines (``.pc-avatar-0`` ...): each keeps white text at 4.5:1 or more.
AVATAR_COLOURS = 12


def initials(name: str) -> str:
    """Up to two letters for a name: its first and last words' first letters ('Lucía Quispe' -> 'LQ')."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w and w[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return unicodedata.normalize("NFC", letters.upper())


def avatar_colour(ident: str) -> int:
    """The avatar colour (an index into ``AVATAR_COLOURS``) of a member id: the same on every build and machine."""
    return int.from_bytes(hashlib.sha1(ident.encode("utf-8")).digest()[:4], "big") % AVATAR_COLOURS


def home_community(member: m.Member) -> tuple[m.Community, str] | None:
    """The member's community where they hold the strongest role (the first one listed, at equal roles)."""
    if not member.memberships:
        return None
    return min(member.memberships, key=lambda cr: ROLES.index(cr[1]) if cr[1] in ROLES else len(ROLES))


def tel(phone: str) -> str | None:
    """A ``tel:`` address for a phone number as people write it ('+33 1 23 45 67 89'), or None."""
    digits = re.sub(r"[\s().\-/]", "", phone)
    return f"tel:{digits}" if re.fullmatch(r"\+?\d{3,20}", digits) else None


def chat_link(chat: str) -> str | None:
    """The chat address when ``chat`` is written as a link the site may follow; a handle ('@ana') has none."""
    return chat if scheme_of(chat) and safe_url(chat) else None


class OpenTo:
    """``open_to`` values in the site's language: known ones have a label (``open_to_value_<name>``)."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels

    def __call__(self, value: str) -> str:
        key = "open_to_value_" + re.sub(r"[^a-z0-9]+", "_", value.casefold()).strip("_")
        label = self.labels.table.get(key)
        return label if isinstance(label, str) else value

    def questions(self, member: m.Member) -> bool:
        return any(v.casefold() == "questions" for v in member.spec.open_to)


def people_globals(labels: Labels) -> dict[str, Any]:
    """What the templates call to draw a profile card (see ``_macros.html``: ``profile_card``)."""
    return {
        "initials": initials, "avatar_colour": avatar_colour, "home_community": home_community,
        "tel": tel, "chat_link": chat_link, "open_to_label": OpenTo(labels), "by_level": by_level,
    }  # fmt: skip


#: The "find an expert" box's index (home page): topics and people, loaded when the box is first used.
FIND_INDEX = "assets/commons/find.json"


def find_index(commons: m.Commons, topics: dict[str, Any], labels: Labels, url: Any, topic_url: Any) -> bytes:
    """Topics (with how many people know each) and people (with job and unit), for the home page's box.

    Only what the published pages show: names, and the job and unit the member did not keep private.
    ``url`` gives a source path's address, ``topic_url`` a topic's; both relative to the site root.
    """
    found = {
        "topics": [[topic, topic_url(topic), labels("experts_count", count=len(entry.experts))]
                   for topic, entry in topics.items()],
        "people": [[x.title, url(x.path), " · ".join(filter(None, [x.spec.job_title, x.spec.unit]))]
                   for x in commons.members.values()],
    }  # fmt: skip
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
