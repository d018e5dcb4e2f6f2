"""Labels and dates in the site's language: one translation table per language."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

LANGUAGES = ("en", "fr")
#: libyaml when PyYAML has it: the tables are read on every build, and the pure-Python loader takes a while.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _packaged(language: str) -> dict[str, Any]:
    text = resources.files("practice_commons").joinpath(f"locales/{language}.yml").read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)


class Labels:
    """``labels("key", count=3)`` gives the label for the site's language.

    ``language`` follows ``theme.language`` (``fr``, ``fr-CA``...); languages
    without a table fall back to English. A site may override single labels in
    ``<overrides>/locales/<language>.yml``.
    """

    def __init__(self, language: str = "en", overrides: Path | None = None) -> None:
        base = language.split("-")[0].split("_")[0].lower()
        self.language = base if base in LANGUAGES else "en"
        self.table: dict[str, Any] = dict(_packaged(self.language))
        local = overrides / "locales" / f"{self.language}.yml" if overrides else None
        if local and local.is_file():
            self.table.update(yaml.load(local.read_text("utf-8"), Loader=_LOADER) or {})

    def __call__(self, key: str, **values: Any) -> str:
        label = self.table.get(key)
        if label is None:
            raise KeyError(f"no label '{key}' in the {self.language} translation table")
        if isinstance(label, dict):  # {one: ..., other: ...}: French counts 0 and 1 as one, English only 1
            count = values.get("count", 0)
            label = label["one"] if count == 1 or (self.language == "fr" and count == 0) else label["other"]
        return label.format(**values) if values else label

    def date(self, value: dt.date | dt.datetime | None) -> str:
        if value is None:
            return ""
        day = value.date() if isinstance(value, dt.datetime) else value
        text = self.table["date"].format(day=day.day, month=self.table["months"][day.month - 1], year=day.year)
        if isinstance(value, dt.datetime):
            text += " " + self.clock(value)
        return text

    def clock(self, value: dt.datetime | dt.time) -> str:
        return self.table["time"].format(hour=value.hour, minute=value.minute)

    def when(self, start: dt.datetime, end: dt.datetime, all_day: bool, zone: str | None) -> str:
        """'3 December 2026, 14:00–15:00 Europe/Paris': a same-day range gives the date once, and the zone follows."""
        if zone and start.tzinfo is not None:
            start, end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
        if all_day:
            first, last = self.date(start.date()), self.date(end.date())
            return first if first == last else self("when_range", start=first, end=last)
        if end == start:
            text = self("when_at", date=self.date(start.date()), time=self.clock(start))
        elif end.date() == start.date():
            text = self("when_same_day", date=self.date(start.date()), start=self.clock(start), end=self.clock(end))
        else:
            first = self("when_at", date=self.date(start.date()), time=self.clock(start))
            text = self(
                "when_range", start=first, end=self("when_at", date=self.date(end.date()), time=self.clock(end))
            )
        return f"{text} {zone}" if zone else text
