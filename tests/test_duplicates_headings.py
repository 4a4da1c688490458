"""Headings against their commitments, lifted past the meaning's cap only where the landscape
says the two belong together (issue 17, ninth round: `heading_lift` in rules.yaml): each is the
other's best match among the candidate pairs across strategies."""

from __future__ import annotations

import numpy as np

from lspgraph import queries
from lspgraph.queries.duplicates import heading_pairs, lifted_headings, mutual_best

MODEL = {"intercept": -1.0, "meaning": 4.0, "cover": 2.0}


def _features(meaning: list[float], cover: list[float]) -> dict[str, np.ndarray]:
    n = len(meaning)
    return {"meaning": np.array(meaning), "cosine": np.array(meaning),
            "cover": np.array(cover), "shared": np.zeros(n), "edit": np.full(n, 0.3)}


def test_a_heading_is_lifted_only_against_the_commitment_it_and_that_match_best():
    # texts: 0 a heading; 1 and 2 commitments in another plan; 3 another heading
    i, j = np.array([0, 0, 3]), np.array([1, 2, 2])
    f = _features([0.45, 0.40, 0.30], [0.9, 0.9, 0.9])
    sem = np.minimum(1 / (1 + np.exp(-(MODEL["intercept"] + 4 * f["meaning"] + 2 * f["cover"]))),
                     f["meaning"])  # capped at the meaning
    heading = np.array([True, True, True])
    got, lifted = lifted_headings(f, sem, MODEL, 0.875, heading, 0.15, i, j, 4)
    # 0-1 is each one's best: lifted to its meaning + 0.15; 0-2 is not 0's best, 3-2 not 2's
    assert lifted.tolist() == [True, False, False]
    assert round(float(got[0]), 3) == 0.6
    assert got[1:].tolist() == sem[1:].tolist()
    # without the lift, or for pairs that are not headings, nothing moves
    assert lifted_headings(f, sem, MODEL, 0.875, heading, 0.0, i, j, 4)[0].tolist() == \
        sem.tolist()
    assert not lifted_headings(f, sem, MODEL, 0.875, ~heading, 0.15, i, j, 4)[1].any()


def test_pairs_inside_one_plan_do_not_decide_the_best_match():
    i, j = np.array([0, 0]), np.array([1, 2])
    f = _features([0.45, 0.40], [0.9, 0.9])
    sem = f["meaning"].copy()
    heading = np.array([True, True])
    # 0-1 would be 0's best, but 0 and 1 are in one plan: 0-2 is the best across plans
    _, lifted = lifted_headings(f, sem, MODEL, 0.875, heading, 0.15, i, j, 3,
                                apart=np.array([False, True]))
    assert lifted.tolist() == [False, True]


def test_what_reads_as_a_heading():
    keys = ["rural isolation", "an annual partnership conference", "build 60 council homes",
            "money", "run a community transport service that takes people in remote villages "
            "to shops appointments and social groups"]
    i, j = np.array([0, 1, 2, 3, 0]), np.array([4, 4, 4, 4, 1])
    # the last pair: the longer is not twice the shorter's length
    assert heading_pairs(keys, i, j, 4).tolist() == [True, False, False, True, False]
    assert mutual_best(np.array([0]), np.array([1]), np.array([0.2]), 2).tolist() == [True]


def test_the_shipped_rules_lift_headings_by_a_little():
    cfg = queries.load_rules()["duplicates"]["semantic"]
    assert 0 < cfg["heading_lift"] <= 0.2
