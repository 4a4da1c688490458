"""A static first stage for duplicates by meaning, measured (issue 17): does it pay?

``python -m bench.semantic_static pairs [--per-kind N] [--cache FILE]`` and
``python -m bench.semantic_static national DIR [--n N] [--rows CSV] [--cache FILE]``.

The idea measured: give every action a *static* vector (a lookup, no transformer run per
text), find candidate pairs by those, and run all-MiniLM-L6-v2 only on the texts of
candidate pairs whose static cosine reaches a floor; the final score stays the shipped
model's (``semantic.calibrated`` over the MiniLM cosine and the pair features). A text's
static vector is the IDF-weighted sum of its content words' vectors, each word embedded once
by the same model (:func:`static_vectors`; no static model that a PyPI package ships with its
weights and that loads without a new heavy library was found: BENCHMARKS.md). The stage
(:func:`two_stage`): the lexical candidates and each text's ``top_k`` nearest by static
vectors, kept when their static cosine is at least ``floor``; MiniLM embeds the texts of those
pairs only, and among them each text's nearest by MiniLM are added as the shipped stage adds
them, so that when every text is embedded the candidates are a superset of the shipped ones.

- ``pairs``: all texts of ``tests/data/duplicate_pairs.csv`` pooled as one landscape; for each
  kind of true pair, how many the shipped stage makes candidates *and* the score flags, and how
  many of those the two-stage candidates lose; how many texts MiniLM must embed; and how many
  pairs the score flags in all (the rows the question would report, before the within-plan
  filter).
- ``national``: on a landscape of ``bench.generate``, the static stage's cost (CPU and wall
  seconds: the words embedded, the vectors, the nearest neighbours) and how many texts have a
  static neighbour in another plan at or above each floor (those MiniLM must still embed);
  with ``--rows`` (the question's CSV), how many distinct actions the reported rows name:
  every one of them needs its MiniLM vector for its score, whatever the candidate stage.
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from lspgraph.queries import duplicates as dup
from lspgraph.queries import load_rules, semantic

__all__ = ["national", "pairs", "static_vectors", "two_stage"]

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "duplicate_pairs.csv"
Embed = Callable[[list[str]], np.ndarray]


def _cached_embedder(cfg: dict[str, Any], cache: Path | None) -> tuple[Embed, Callable[[], None]]:
    """MiniLM's ``embed_cached`` over a pickled dict (or no cache), and a function saving it."""
    held: dict[str, bytes] = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}

    def lookup(model: str, keys: list[str]) -> dict[str, bytes]:
        return {k: held[k] for k in keys if k in held}

    def keep(model: str, got: dict[str, bytes]) -> None:
        held.update(got)

    def save() -> None:
        if cache:
            cache.write_bytes(pickle.dumps(held))

    return (lambda texts: semantic.embed_cached(texts, cfg, lookup, keep)[0]), save


def static_vectors(keys: list[str], words: Embed) -> tuple[np.ndarray, int]:
    """(unit rows, distinct words): each normalised text's IDF-weighted sum of its content
    words' vectors (``words`` embeds each distinct word once); a text without a content word
    gets a zero row."""
    from scipy import sparse

    per = [dup.content_words(k) for k in keys]
    vocab = sorted({w for ws in per for w in ws})
    at = {w: k for k, w in enumerate(vocab)}
    flat = np.fromiter((at[w] for ws in per for w in ws), dtype=np.int64)
    lens = np.fromiter(map(len, per), dtype=np.int64, count=len(per))
    df = np.bincount(flat, minlength=len(vocab))
    idf = np.log((1 + len(keys)) / (1 + df)) + 1.0
    x = sparse.csr_matrix((idf[flat], flat, np.r_[0, np.cumsum(lens)]),
                          shape=(len(keys), len(vocab)))
    vecs = np.asarray(x @ words(vocab), dtype=np.float32) if vocab else \
        np.zeros((len(keys), 384), dtype=np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    return vecs, len(vocab)


def two_stage(keys: list[str], static: np.ndarray, lexical: set[tuple[int, int]],
              minilm: Callable[[np.ndarray], np.ndarray], top_k: int, floor: float,
              near_k: int, probes: int = 2) -> tuple[set[tuple[int, int]], np.ndarray]:
    """(candidate pairs i < j, which texts MiniLM embedded): the lexical pairs and each text's
    ``top_k`` nearest by ``static`` vectors, kept at a static cosine of at least ``floor``;
    then MiniLM (``minilm(rows)`` gives the rows' vectors) on those pairs' texts only, and each
    of them its ``near_k`` nearest by MiniLM among them (as the shipped stage does)."""
    both = np.array(sorted(lexical | semantic.nearest(static, top_k, probes)), dtype=np.int64)
    if not len(both):
        return set(), np.zeros(len(keys), dtype=bool)
    cos = np.einsum("ij,ij->i", static[both[:, 0]], static[both[:, 1]])
    kept = both[cos >= floor]
    embedded = np.zeros(len(keys), dtype=bool)
    embedded[kept.ravel()] = True
    rows = np.flatnonzero(embedded)
    near = semantic.nearest(minilm(rows), near_k, probes) if len(rows) else set()
    found = {(int(a), int(b)) for a, b in kept.tolist()}
    found |= {(int(rows[a]), int(rows[b])) for a, b in near}
    return found, embedded


def pairs(cache: Path | None = None, top_ks: tuple[int, ...] = (10, 30),
          floors: tuple[float, ...] = (0.6, 0.7, 0.75, 0.8),
          path: Path = PAIRS, per_kind: int = 0) -> list[dict[str, Any]]:
    """The shipped candidate stage against :func:`two_stage` at each ``top_k`` and ``floor``,
    on every text of the labelled pairs (or of the first ``per_kind`` pairs of each kind: a
    sparser landscape) pooled as one landscape (place words out, as the question does)."""
    rules = load_rules()
    cfg, scfg = rules["duplicates"], rules["duplicates"]["semantic"]
    threshold = float(scfg["min_score"])
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if per_kind:
        rows = [r for kind in sorted({r["kind"] for r in rows})
                for r in [r for r in rows if r["kind"] == kind][:per_kind]]
    texts = sorted({t for r in rows for t in (r["a"], r["b"])})
    index = {t: k for k, t in enumerate(texts)}
    keys = [dup.normalise(t) for t in dup.mask_places(texts, [], scfg.get("place_words", ()))]
    embed, save = _cached_embedder(scfg, cache)
    vecs = embed([dup.normalise(t) for t in dup.mask_places(texts, [], scfg.get(
        "place_words", ()))])
    static, _ = static_vectors(keys, embed)
    save()
    li, lj = dup.candidate_arrays(keys, cfg)
    lexical = set(zip(li.tolist(), lj.tolist(), strict=True))

    def scores(found: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
        p = np.array(sorted(found), dtype=np.int64)
        f = dup.features_at(keys, p[:, 0], p[:, 1], semantic.pair_cosines(vecs, p[:, 0], p[:, 1]),
                            embed)
        s = semantic.calibrated(f, scfg["score"], f["edit"], cfg["min_score"])
        return dict(zip(map(tuple, p.tolist()), s.tolist(), strict=True))

    true = [(tuple(sorted((index[r["a"]], index[r["b"]]))), r["kind"]) for r in rows
            if r["label"] == "1"]
    kinds = sorted({k for _, k in true})
    shipped = lexical | semantic.nearest(vecs, int(scfg["top_k"]), int(scfg.get("probes", 2)))
    base = scores(shipped)
    kept_before = {p for p, _ in true if base.get(p, 0.0) >= threshold}

    def row(name: str, found: set[tuple[int, int]], embedded: int,
            scored: dict[tuple[int, int], float]) -> dict[str, Any]:
        kept = {p for p, _ in true if scored.get(p, 0.0) >= threshold}
        out = {"stage": name, "texts embedded": f"{embedded:,} of {len(texts):,}",
               "candidates": len(found), "flagged": sum(s >= threshold for s in scored.values()),
               "true kept": len(kept), "lost": len(kept_before - kept)}
        for k in kinds:
            of = [p for p, kind in true if kind == k]
            out[k] = f"{sum(p in kept for p in of)}/{len(of)}"
        return out

    table = [row("shipped: lexical + MiniLM nearest", shipped, len(texts), base)]
    for top_k in top_ks:
        for floor in floors:
            found, embedded = two_stage(keys, static, lexical, lambda r: vecs[r], top_k, floor,
                                        int(scfg["top_k"]), int(scfg.get("probes", 2)))
            table.append(row(f"static top {top_k}, floor {floor}", found, int(embedded.sum()),
                             scores(found)))
    save()
    return table


def national(folder: Path, n: int = 0, floors: tuple[float, ...] = (0.7, 0.8, 0.85, 0.9),
             top_k: int = 10, rows_csv: Path | None = None,
             cache: Path | None = None) -> dict[str, Any]:
    """The static stage's cost on ``folder``'s actions (the first ``n``; 0: all) and the
    texts MiniLM must still embed at each floor (a static neighbour in another plan)."""
    rules = load_rules()
    scfg = rules["duplicates"]["semantic"]
    with open(folder / "data" / "actions.csv", encoding="utf-8", newline="") as fh:
        acts = list(csv.DictReader(fh))
    acts = acts[:n] if n else acts
    plan = np.unique([a["strategy"] for a in acts], return_inverse=True)[1]
    embed, save = _cached_embedder(scfg, cache)
    cpu, wall = time.process_time(), time.perf_counter()
    keys = [dup.normalise(t) for t in dup.mask_places([a["name"] for a in acts], [],
                                                      scfg.get("place_words", ()))]
    static, n_words = static_vectors(keys, embed)
    near = np.array(sorted(semantic.nearest(static, top_k, int(scfg.get("probes", 2)))),
                    dtype=np.int64)
    out: dict[str, Any] = {"actions": len(acts), "distinct content words": n_words,
                           "static stage CPU s": round(time.process_time() - cpu, 2),
                           "static stage wall s": round(time.perf_counter() - wall, 2),
                           "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    save()
    cos = np.einsum("ij,ij->i", static[near[:, 0]], static[near[:, 1]])
    cross = plan[near[:, 0]] != plan[near[:, 1]]
    for floor in floors:
        out[f"texts to embed at floor {floor}"] = int(len(np.unique(near[(cos >= floor)
                                                                         & cross])))
    if rows_csv:
        shipped = float(scfg["min_score"])
        with open(rows_csv, encoding="utf-8", newline="") as fh:
            named = {(r[s + "_strategy"], r[s + "_text"]) for r in csv.DictReader(fh)
                     if float(r["score"]) >= shipped for s in ("a", "b")}
        out[f"distinct actions in the rows at {shipped}"] = len(named)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.semantic_static")
    ap.add_argument("what", choices=("pairs", "national"))
    ap.add_argument("dir", type=Path, nargs="?", help="national: a bench.generate landscape")
    ap.add_argument("--n", type=int, default=0, help="national: the first N actions (0: all)")
    ap.add_argument("--rows", type=Path, default=None,
                    help="national: the question's CSV on the same landscape")
    ap.add_argument("--per-kind", type=int, default=0,
                    help="pairs: only the first N pairs of each kind (a sparser landscape)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="a pickle file of MiniLM vectors kept between runs")
    args = ap.parse_args(argv)
    if args.what == "pairs":
        table = pairs(args.cache, per_kind=args.per_kind)
        cols = list(table[0])
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in table:
            print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    else:
        for k, v in national(args.dir, args.n, rows_csv=args.rows, cache=args.cache).items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
