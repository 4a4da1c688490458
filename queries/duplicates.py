"""Duplicated actions: actions in different strategies or partnerships that are the same work.

The method is lexical and fast: TF-IDF vectors over word unigrams and bigrams and over
character 3-5 grams (so 'co-ordinated' meets 'coordinated' and plurals meet), cosine
similarity, and for each action only its ``top_k`` nearest neighbours, found by sparse
matrix products in chunks (never a Python loop over all pairs). Pairs at or above
``min_score`` are kept; pairs inside one strategy only with ``within=True``. Transitive
groups of pairs share a ``cluster`` number. ``kind="organisations"`` does the same for the
names of organisations and partnerships (one body under two spellings).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..graph.model import KnowledgeGraph
from .common import area_id, evidence, strategy_of

__all__ = ["COLUMNS", "similar_pairs", "run", "vectorise"]

TITLE = "Duplicated actions"
COLUMNS = ["cluster", "score", "a", "b", "a_text", "b_text", "a_strategy", "b_strategy",
           "a_owner", "b_owner", "a_source", "b_source"]
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in for on by with our we will its their be is are as at "
                  "from that this those these".split())


def _features(text: str, char_weight: float) -> Counter[str]:
    low = text.lower().replace("’", "'").replace("'", "")
    words = [w for w in _WORD.findall(low) if w not in _STOP]
    feats: Counter[str] = Counter(f"w:{w}" for w in words)
    feats.update(f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    if char_weight > 0:
        squashed = " " + " ".join(words) + " "
        for n in (3, 4, 5):
            feats.update(f"c{n}:{squashed[i:i + n]}" for i in range(len(squashed) - n + 1))
    return feats


def vectorise(texts: list[str], char_weight: float = 0.5) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF (sublinear tf, smoothed idf); char n-grams weighted."""
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for text in texts:
        for feat, count in _features(text, char_weight).items():
            j = vocab.setdefault(feat, len(vocab))
            indices.append(j)
            data.append(1.0 + math.log(count))
        indptr.append(len(indices))
    m = sparse.csr_matrix((np.array(data), np.array(indices, dtype=np.int64),
                           np.array(indptr, dtype=np.int64)), shape=(len(texts), len(vocab)))
    df = np.bincount(m.indices, minlength=len(vocab))
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    weights = np.ones(len(vocab))
    if char_weight > 0:
        is_char = np.array([f.startswith("c") for f in vocab])
        weights[is_char] = char_weight
    m = m @ sparse.diags(idf * weights)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def similar_pairs(x: sparse.csr_matrix, top_k: int, min_score: float,
                  chunk: int = 2000) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j, each i's top_k neighbours at or above min_score."""
    xt = x.T.tocsc()
    out: dict[tuple[int, int], float] = {}
    for start in range(0, x.shape[0], chunk):
        block = (x[start:start + chunk] @ xt).tocsr()
        for r in range(block.shape[0]):
            i = start + r
            lo, hi = block.indptr[r], block.indptr[r + 1]
            cols, vals = block.indices[lo:hi], block.data[lo:hi]
            keep = (vals >= min_score) & (cols != i)
            cols, vals = cols[keep], vals[keep]
            if len(vals) > top_k:
                best = np.argpartition(-vals, top_k)[:top_k]
                cols, vals = cols[best], vals[best]
            for j, v in zip(cols.tolist(), vals.tolist(), strict=True):
                key = (i, j) if i < j else (j, i)
                out[key] = max(out.get(key, 0.0), min(v, 1.0))
    return [(i, j, s) for (i, j), s in sorted(out.items())]


def run(kg: KnowledgeGraph, *, rules: dict[str, Any], kind: str = "actions",
        within: bool = False, min_score: float | None = None,
        partnership: str | None = None, area: str | None = None) -> pd.DataFrame:
    """Pairs of near-identical actions (or organisation names), best first."""
    cfg = rules["duplicates"]
    threshold = cfg["min_score"] if min_score is None else min_score
    if kind == "organisations":
        nodes = [n for n in kg.nodes() if kg.type_of(n) in ("Organisation", "Partnership")]
    else:
        nodes = list(kg.nodes("Action"))
    if len(nodes) < 2:
        return pd.DataFrame(columns=COLUMNS)
    texts = [kg.label(n) for n in nodes]
    strategies = [strategy_of(kg, n) if kind != "organisations" else None for n in nodes]
    x = vectorise(texts, cfg["char_weight"])
    pairs = similar_pairs(x, cfg["top_k"], threshold)
    rows = []
    for i, j, score in pairs:
        if kind != "organisations" and not within and strategies[i] == strategies[j]:
            continue
        rows.append((i, j, score))
    if partnership or area:
        code = area_id(area) if area else None
        rows = [r for r in rows if _concerns(kg, [strategies[r[0]], strategies[r[1]]],
                                             partnership, code)]
    clusters = nx.Graph()
    clusters.add_edges_from((nodes[i], nodes[j]) for i, j, _ in rows)
    cluster_of = {}
    components = sorted(sorted(c) for c in nx.connected_components(clusters))
    for number, comp in enumerate(components, start=1):
        for n in comp:
            cluster_of[n] = number

    def owner(s: str | None) -> str:
        return ", ".join(kg.label(o) for o in kg.into(s, "OWNS")) if s else ""

    out = [[cluster_of[nodes[i]], round(score, 4), nodes[i], nodes[j], texts[i], texts[j],
            kg.label(strategies[i]) if strategies[i] else "",
            kg.label(strategies[j]) if strategies[j] else "",
            owner(strategies[i]), owner(strategies[j]),
            evidence(kg, nodes[i]), evidence(kg, nodes[j])] for i, j, score in rows]
    df = pd.DataFrame(out, columns=COLUMNS)
    return df.sort_values(["cluster", "score", "a", "b"], ascending=[True, False, True, True],
                          ignore_index=True)


def _concerns(kg: KnowledgeGraph, strategies: list[str | None], partnership: str | None,
              area: str | None) -> bool:
    for s in strategies:
        if s is None:
            continue
        if partnership and partnership in kg.into(s, "OWNS"):
            return True
        if area and area in kg.out(s, "COVERS"):
            return True
    return False
