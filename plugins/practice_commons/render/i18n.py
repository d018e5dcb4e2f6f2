"""Labels and dates in the site's language: one translation table per language."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("en", "fr")


class Labels:
    """``labels("key", count=3)`` gives the label for the site's language.

    ``language`` follows ``theme.language`` (``fr``, ``fr-CA``...); languages
    without a table fall back to English. A site may override single labels in
    ``<overrides>/locales/<language>.yml``.
    """

    def __init__(self, language: str = "en", overrides: Path | None = None) -> None:
        base = language.split("-")[0].split("_")[0].lower()
        self.language = base if base in LANGUAGES else "en"
        text = resources.files("practice_commons").joinpath(f"locales/{self.language}.yml").read_text("utf-8")
        self.table: dict[str, Any] = yaml.safe_load(text)
        local = overrides / "locales" / f"{self.language}.yml" if overrides else None
        if local and local.is_file():
            self.table.update(yaml.safe_load(local.read_text("utf-8")) or {})

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
            text += " " + self.table["time"].format(hour=value.hour, minute=value.minute)
        return text
