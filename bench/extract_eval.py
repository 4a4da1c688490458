"""Score document extraction against hand annotations: ``python -m bench.extract_eval``.

For each (document, expected JSON) pair in a folder (default ../shared/seeds and its
``expected/``), every key of the annotations is scored: an extracted item matches an
expected one when their normalised texts (case, punctuation and apostrophes folded) have a
rapidfuzz token-set similarity of at least 0.85, each item matched at most once, best
first. Precision, recall and F1 per key, summed over the documents. ``--write F`` puts the
table in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from lspgraph.documents import read, words
from lspgraph.documents.extract import KEYS, extract

HERE = Path(__file__).resolve().parent
THRESHOLD = 85


def _text(item: Any) -> str:
    if isinstance(item, str):
        return item
    for key in ("text", "name", "what", "body"):
        if item.get(key):
            return str(item[key])
    return ""


def match(found: list[Any], expected: list[Any]) -> int:
    """How many expected items an extracted item matches (one to one, best first)."""
    a = [" ".join(words(_text(x))) for x in found]
    b = [" ".join(words(_text(x))) for x in expected]
    pairs = sorted(((fuzz.token_set_ratio(x, y), i, j) for i, x in enumerate(a)
                    for j, y in enumerate(b)), reverse=True)
    used_a, used_b, n = set(), set(), 0
    for score, i, j in pairs:
        if score < THRESHOLD:
            break
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            n += 1
    return n


def evaluate(folder: Path) -> list[dict[str, Any]]:
    totals = {k: [0, 0, 0] for k in KEYS}  # matched, found, expected
    for doc_path in sorted(folder.glob("*.txt")):
        expected = json.loads((folder / "expected" / f"{doc_path.stem}.json").read_text())
        found = extract(read(doc_path))
        for key in KEYS:
            got, want = found.get(key, []), expected.get(key, [])
            totals[key][0] += match(got, want)
            totals[key][1] += len(got)
            totals[key][2] += len(want)
    rows = []
    for key, (m, f, e) in totals.items():
        p = m / f if f else (1.0 if not e else 0.0)
        r = m / e if e else 1.0
        rows.append({"key": key, "expected": e, "extracted": f, "matched": m,
                     "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.extract_eval")
    ap.add_argument("--folder", type=Path, default=HERE.parent.parent / "shared" / "seeds")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    rows = evaluate(args.folder)
    lines = ["| key | expected | extracted | matched | precision | recall | F1 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['key']} | {r['expected']} | {r['extracted']} | {r['matched']} | "
              f"{r['precision']} | {r['recall']} | {r['f1']} |" for r in rows]
    text = "\n".join(lines)
    from .publish import publish  # here: tests load this module by path, not as bench.*

    publish(text, args.write, "extract")


if __name__ == "__main__":
    main()
