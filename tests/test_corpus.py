"""The development corpus (issue 16) is kept honest: every document has an annotation in
the seeds' format, the annotation says which half it belongs to, and the check half comes
from areas that neither the tuning half nor the seeds use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
HALVES = ("tune", "check")
#: the keys of every annotation, as in ../shared/seeds/expected/
KEYS = {"document", "organisations", "partnerships", "strategies", "themes", "actions",
        "people", "meetings", "resolutions", "dates", "areas", "coterminosity"}


def _annotations(half: str) -> dict[str, dict]:
    folder = CORPUS / half
    return {doc.stem: json.loads((folder / "expected" / f"{doc.stem}.json").read_text())
            for doc in sorted(folder.glob("*.txt"))}


@pytest.mark.parametrize("half", HALVES)
def test_each_document_has_an_annotation_that_names_its_half(half):
    folder = CORPUS / half
    docs = {p.stem for p in folder.glob("*.txt")}
    notes = {p.stem for p in (folder / "expected").glob("*.json")}
    assert docs == notes, (sorted(docs - notes), sorted(notes - docs))
    for name, ann in _annotations(half).items():
        assert set(ann) == KEYS, name
        doc = ann["document"]
        assert doc["split"] == half, name
        assert "http" in doc["modelled_on"], name
        assert doc["area"] and name.startswith(re.split(r"[\s-]", doc["area"])[0].lower()), name


def test_the_tuning_half_holds_every_scored_document():
    """The 216 documents scored in earlier sessions (the first halves and the second to
    eighth check halves) are all for tuning now, from 209 areas."""
    tune = _annotations("tune")
    assert len(tune) >= 216
    assert len({ann["document"]["area"] for ann in tune.values()}) >= 209


def test_the_check_half_shares_no_area_with_the_tuning_half_or_the_seeds(shared):
    seen = {ann["document"]["area"] for ann in _annotations("tune").values()}
    seen |= {json.loads(p.read_text())["document"].get("area")
             for p in (shared / "seeds" / "expected").glob("*.json")}
    check = {name: ann["document"]["area"] for name, ann in _annotations("check").items()}
    assert not {n: a for n, a in check.items() if a in seen}


def test_the_check_half_is_large_and_varied_enough():
    """Issue 16's measure needs a held-out half of at least 18 documents from at least 14
    areas (16 and 12 two sessions ago); the fourth check half had 26 from 26. check/ is empty
    only between a scored half moving into tune/ and a fresh one landing."""
    check = _annotations("check")
    if not check:
        pytest.skip("check/ is empty until a fresh check half lands")
    assert len(check) >= 18
    assert len({ann["document"]["area"] for ann in check.values()}) >= 14
