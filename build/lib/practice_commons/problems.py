"""Problems found in a commons: what is wrong, where, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters.

    * ``error``: broken content; ``commons validate`` exits 1, every build fails.
    * ``warning``: content a pull request should fix; a strict build fails,
      ``commons validate --strict`` exits 1.
    * ``notice``: depends on the calendar (a review date now past); shown, never
      fails anything, so that a commons that built yesterday builds today.
    """

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line, self.message)


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """Return ``"did you mean 'x'?"`` for the closest choice, or ``""``.

    A choice that contains the word as one of its hyphenated parts wins over a
    merely similar spelling ('retention' -> 'talent-retention', not 'reputation').
    """
    choices = list(choices)
    lowered = word.lower()
    matches = [c for c in choices if lowered in c.lower().split("-")] if len(lowered) > 3 else []
    if len(matches) != 1:
        matches = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"did you mean '{matches[0]}'?" if matches else ""
