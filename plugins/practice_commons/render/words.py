"""Analyses and times in the site's words: health findings, value labels, when an event happens.

One place for pages (HTML, entities linked, content escaped) and the CLI (plain text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from .. import model as m
from ..analyse.health import Finding, Labelled
from ..analyse.rhythm import event_span
from ..vocabulary import ValueTable
from .i18n import Labels

#: How many entities a finding names before it says "and N more".
NAMES_LIMIT = 30


class Words:
    """``link`` turns an entity into HTML (pages); without it, findings are plain text (CLI, JSON)."""

    def __init__(self, labels: Labels, values: ValueTable | None = None,
                 link: Callable[[m.Entity], Markup] | None = None) -> None:  # fmt: skip
        self.labels, self.values, self.link = labels, values or ValueTable(), link

    def value_label(self, tag: str) -> str:
        """A value's label: the organisation's own in this language, else the translation table's, else the tag."""
        own = self.values.labels.get(tag, {})
        return own.get(self.labels.language) or own.get("en") or self.labels.table.get(f"value_{tag}") or (
            tag.replace("-", " ").capitalize()
        )  # fmt: skip

    def say(self, finding: Finding) -> Any:
        """A health finding in words: Markup with entities linked and content escaped, or plain text."""

        def shown(value: Any) -> Any:
            if isinstance(value, dt.date):
                return self.labels.date(value)
            if isinstance(value, Labelled):
                return ", ".join(self.labels(value.prefix + ident) for ident in value.ids)
            if isinstance(value, tuple):
                more = len(value) - NAMES_LIMIT
                tail = " " + self.labels("and_more", count=more) if more > 0 else ""
                if self.link is None:
                    return ", ".join(x.title for x in value[:NAMES_LIMIT]) + tail
                return Markup(", ").join(self.link(x) for x in value[:NAMES_LIMIT]) + tail
            return value

        label = self.labels(f"health_ev_{finding.key}")
        template = escape(label) if self.link is not None else label
        return template.format(**{key: shown(value) for key, value in finding.values.items()})

    def when(self, event: m.Event) -> Markup:
        """When ``event`` happens, in its own time zone; the browser adds the reader's local time (``commons.js``)."""
        start, end, all_day = event_span(event)
        text = self.labels.when(start, end, all_day, event.spec.timezone)
        if all_day or start.tzinfo is None:
            return Markup('<time datetime="{}">{}</time>').format(start.date() if all_day else start.isoformat(), text)
        local = self.labels("local_time")
        return Markup('<time datetime="{}" data-commons-local="{}">{}</time>').format(start.isoformat(), local, text)

    @staticmethod
    def ends(event: m.Event) -> str:
        """When ``event`` ends, for the browser to decide again whether it is past."""
        return event_span(event)[1].isoformat()
