"""Map local themes onto the reference taxonomy (schemas/taxonomy.yaml) by keywords.

>>> sorted(concepts_for("Citizens who enjoy life and are healthy"))
['communities', 'health']
>>> sorted(concepts_for("Keep crime low"))
['community_safety']
"""

from __future__ import annotations

import functools
import re

from ..schemas import load_schema
from .model import KnowledgeGraph

__all__ = ["concept_label", "concepts_for", "concepts_of"]


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for cid, c in load_schema().taxonomy["concepts"].items():
        words = [c["label"], *c.get("alt_labels", []), *c.get("keywords", [])]
        alts = "|".join(sorted((re.escape(w.lower()) for w in words), key=len, reverse=True))
        out[cid] = re.compile(rf"\b(?:{alts})\b")
    return out


def concepts_for(text: str) -> set[str]:
    """Reference concepts whose label or keywords occur in ``text`` (whole words)."""
    low = text.lower().replace("well-being", "wellbeing")
    return {cid for cid, pat in _patterns().items() if pat.search(low)}


def concept_label(cid: str) -> str:
    return load_schema().taxonomy["concepts"][cid]["label"]


def concepts_of(kg: KnowledgeGraph, theme: str) -> set[str]:
    """A theme's reference concepts: as given in its row, else by its words."""
    data = kg.node(theme)
    given = data.get("concepts")
    if given:
        return set(given)
    found = concepts_for(data.get("name", ""))
    for alias in data.get("aliases", []):
        found |= concepts_for(alias)
    return found
