"""Topics: one canonical label per topic, and near-duplicates worth a warning.

Contributors write "Anonymisation", "anonymization" and "anonymisation " for the
same topic. Topics match case-, accent- and spacing-insensitively under one
label; spellings that still differ by a letter or a plural are reported so that
a pull request can settle on one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-_/]+")


@lru_cache(maxsize=65536)
def topic_key(label: str) -> str:
    """Case-, accent- and separator-insensitive key of a topic.

    >>> topic_key("Données  ouvertes") == topic_key("donnees-ouvertes")
    True
    """
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", plain.casefold()).strip()


def _skeleton(key: str) -> str:
    """Key with spelling variants folded: British/American -ise/-ize, plurals, spaces."""
    word = key.replace(" ", "").replace("z", "s")
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _label_rank(label: str, count: int) -> tuple[int, bool, bool, str]:
    # Most used first; then a spelling that is neither SHOUTED nor all lowercase.
    return (-count, label.isupper(), label == label.lower(), label)


def canonical_labels(labels: Iterable[str]) -> dict[str, str]:
    """Map each topic key to the spelling used most often.

    >>> canonical_labels(["DONNÉES  OUVERTES", "Données ouvertes", "données ouvertes"])
    {'donnees ouvertes': 'Données ouvertes'}
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for label in labels:
        counts[topic_key(label)][" ".join(label.split())] += 1
    return {key: min(c, key=lambda s: _label_rank(s, c[s])) for key, c in counts.items()}


def near_duplicates(keys: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of distinct topic keys that are probably the same topic.

    Two keys are near-duplicates when their skeletons are equal (spacing,
    -ise/-ize, a plural) or, for skeletons of six letters or more, one is the
    other with one letter more ("modelling", "modeling"). Digits never count as
    a spelling variant ("ISO 9001" and "ISO 9002" are different topics). Linear
    in the number of topics: each skeleton's one-letter deletions are looked up.

    >>> near_duplicates(["anonymisation", "anonymization", "survey design", "survey designs", "modelling", "modeling"])
    [('anonymisation', 'anonymization'), ('modeling', 'modelling'), ('survey design', 'survey designs')]
    >>> near_duplicates(["iso 9001", "iso 9002", "reading", "leading"])
    []
    """
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    for key in set(keys):
        by_skeleton[_skeleton(key)].add(key)
    pairs = set()
    for skeleton, group in by_skeleton.items():
        ordered = sorted(group)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
        if len(skeleton) < 7:
            continue
        for i, letter in enumerate(skeleton):
            shorter = by_skeleton.get(skeleton[:i] + skeleton[i + 1 :]) if letter.isalpha() else None
            if shorter:
                pairs.update(tuple(sorted((a, b))) for a in group for b in shorter)
    return sorted(pairs)
