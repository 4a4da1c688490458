"""Precision, recall and F1 of the duplicate-action methods on the labelled pairs.

The labelled pairs (``tests/data/action_pairs.csv``) were written from the seed documents
and the sample data: copies, edited copies, reordered and extended texts, paraphrases, and
hard negatives that share topic words but are other work. Each method is judged at the
threshold the shipped rules give it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from lspgraph.queries import load_rules
from lspgraph.queries.duplicates import pair_scores, vectorise

__all__ = ["LABELLED", "evaluate", "metrics"]

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "action_pairs.csv"


def metrics(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """precision, recall and F1 of boolean predictions against boolean truth."""
    tp = int((truth & predicted).sum())
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(truth.sum()))
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _tfidf(a: list[str], b: list[str]) -> np.ndarray:
    x = vectorise(a + b)
    n = len(a)
    return np.asarray(x[:n].multiply(x[n:]).sum(axis=1)).ravel()


def evaluate(methods: tuple[str, ...] = ("tfidf", "lexical", "semantic"),
             path: Path = LABELLED) -> list[dict[str, Any]]:
    """One row per method: threshold, precision, recall, F1, and recall by kind of pair."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    a, b = [r["a"] for r in rows], [r["b"] for r in rows]
    truth = np.array([r["duplicate"] == "1" for r in rows])
    rules = load_rules()
    cfg = rules["duplicates"]
    out = []
    for method in methods:
        if method == "tfidf":  # cosine alone, the candidate stage's own score
            scores, threshold = _tfidf(a, b), 0.6
        elif method == "semantic":
            scores, threshold = pair_scores(a, b, rules, "semantic"), cfg["semantic"]["min_score"]
        elif method == "semantic_tune":  # the same scores at the best threshold on the tune pairs
            scores = pair_scores(a, b, rules, "semantic")
            threshold = cfg["semantic"]["tune_min_score"]
        else:
            scores, threshold = pair_scores(a, b, rules, method), cfg["min_score"]
        predicted = scores >= threshold
        row: dict[str, Any] = {"method": method, "threshold": threshold, "pairs": len(rows),
                               **metrics(truth, predicted)}
        for kind in sorted({r["kind"] for r in rows if r["duplicate"] == "1"}):
            sel = np.array([r["kind"] == kind for r in rows])
            row[f"recall_{kind}"] = round(float(predicted[sel].mean()), 3)
        row["false_positives"] = int((predicted & ~truth).sum())
        out.append(row)
    return out


def markdown(rows: list[dict[str, Any]]) -> str:
    """The labelled-pairs table for BENCHMARKS.md."""
    kinds = [k for k in rows[0] if k.startswith("recall_")]
    head = ["method", "threshold", "precision", "recall", "F1", "false positives",
            *[k.removeprefix("recall_") for k in kinds]]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in rows:
        cells = [r["method"], r["threshold"], r["precision"], r["recall"], r["f1"],
                 r["false_positives"], *[r[k] for k in kinds]]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    n = rows[0]["pairs"]
    return (f"{n} labelled pairs (tests/data/action_pairs.csv); the last columns are the recall "
            "on each kind of true pair.\n\n" + "\n".join(lines))


if __name__ == "__main__":
    import argparse

    from lspgraph.queries.semantic import available

    from .publish import publish

    ap = argparse.ArgumentParser(prog="python -m bench.quality")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    methods = (("tfidf", "lexical", "semantic", "semantic_tune") if available()
               else ("tfidf", "lexical"))
    publish(markdown(evaluate(methods)), args.write, "labelled")
