"""The duplicate-action methods on realistic labelled pairs (issue 17), as the product scores them.

``tests/data/duplicate_pairs.csv`` holds pairs of statements written, in our own words, from
the kinds of statement real partnerships' plans make (``tests/data/duplicate_pairs.md``):
a theme against an action, a priority heading against a full commitment, one programme
under two names, paraphrases, copies and edits, and negatives that share topic words but
are other work. Each row belongs to the ``tune`` or the ``check`` split, fixed before any
measuring; after them come the four earlier held-out sets, each scored once after the method
froze and then appended as ``tune`` with its ids: the first's 129 rows (``h001``...), the
second's 181 (``g001``...), the third's 226 (``k001``...) and the fourth's 274 (``m001``...).
Every row is tuning material (:data:`TUNING`): the model and its threshold are fitted on all
of them (:func:`fit`) and chosen by cross-validation over them (:func:`cross_validate`), in
folds that keep every statement's pairs together (:func:`statement_groups`), so that no
statement's wording is on both sides of a fold, or every area's (:func:`area_groups`).
``tests/data/duplicate_pairs_heldout.csv`` is the held-out set, written apart from the
method's development and scored once with ``--heldout`` after it froze (its header only
between a set's joining the development pairs and a fresh set's landing).

Each pair is scored the way ``lspgraph query duplicates`` would report it: a small graph of
two strategies with one action each, run through the duplicates question. A pair is
*flagged* when the question, at the method's shipped threshold, returns it; its *score* is
the score the question gives it at threshold 0 (0 when the method's candidate stage never
proposes it), which is what ROC AUC ranks. For the semantic method each distinct text is
embedded once, in one batch, and the question is handed those vectors when it asks for them
(the same vectors it would compute itself, without loading the model's work 700 times);
everything else the question does, it does per pair.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from lspgraph import queries
from lspgraph.graph.model import KnowledgeGraph
from lspgraph.graph.records import Origin
from lspgraph.queries.duplicates import METHODS, resolve_method

__all__ = ["BY", "CANDIDATES", "FEATURES", "PAIRS", "SIGNS", "SPLITS", "TUNING", "area_folds",
           "area_groups", "cross_validate", "cross_validate_thresholds", "embedded_once",
           "evaluate", "features", "fit", "fit_rows", "grouped_folds", "load", "load_tuning",
           "markdown", "pair_graph", "roc_auc", "score_pairs", "statement_groups", "summarise"]

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "duplicate_pairs.csv"
#: pairs from areas the development file does not use, written apart from the method's
#: development and scored once after it froze (tests/data/duplicate_pairs.md, "The held-out
#: set"): every row is ``check``
HELDOUT = PAIRS.with_name("duplicate_pairs_heldout.csv")
#: the pairs the semantic model and threshold are fitted and cross-validated on: every row of
#: the development file (1,729 pairs, 337 areas, the six earlier held-out sets' 129, 181, 226,
#: 274, 280 and 280 among them)
TUNING = (PAIRS,)
SPLITS = ("tune", "check", "all")


def load(path: Path = PAIRS, split: str = "all") -> list[dict[str, str]]:
    """The labelled rows of one split (``tune``, ``check`` or ``all``)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if split == "all" or r["split"] == split]


def load_tuning(paths: Iterable[Path] = TUNING) -> list[dict[str, str]]:
    """Every labelled row of ``paths`` (both splits), each with the file it came from."""
    return [{**r, "file": Path(p).name} for p in paths for r in load(Path(p))]


def _linked(pairs: list[tuple[str, str]]) -> np.ndarray:
    """A group number per pair: pairs that share a key, directly or through other pairs,
    share a group (numbered in order of first appearance)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    number: dict[str, int] = {}
    return np.array([number.setdefault(root(a), len(number)) for a, _ in pairs],
                    dtype=np.int64)


def statement_groups(rows: list[dict[str, str]]) -> np.ndarray:
    """A group number per row: rows that share a statement (as normalised text), directly or
    through other rows, share a group, so a fold holding one of them holds all of them.

    >>> statement_groups([{"a": "Road safety", "b": "Cut road deaths"},
    ...                   {"a": "road safety.", "b": "Build homes"},
    ...                   {"a": "Grow jobs", "b": "Build more homes"}]).tolist()
    [0, 0, 1]
    """
    from lspgraph.queries.duplicates import normalise

    return _linked([(normalise(r["a"]), normalise(r["b"])) for r in rows])


def area_groups(rows: list[dict[str, str]]) -> np.ndarray:
    """A group number per row: rows that share an area (``area_a`` or ``area_b``), directly or
    through other rows, share a group, so a fold holding one of them holds all of them and no
    area's plans are on both sides. In the development file each writing of pairs (the first
    359 and each earlier held-out set, written from areas the rows above it do not use) is
    one such group or a few.

    >>> area_groups([{"area_a": "Leeds", "area_b": "York"}, {"area_a": "York", "area_b": "Hull"},
    ...              {"area_a": "Bath", "area_b": "Bath"}]).tolist()
    [0, 0, 1]
    """
    return _linked([(r["area_a"], r["area_b"]) for r in rows])


def area_folds(rows: list[dict[str, str]], folds: int = 5) -> np.ndarray:
    """A fold number per row: whole :func:`area_groups`, largest first, each to the fold
    holding the fewest rows so far (seeded, so always the same folds). On the development
    file the seven writings make five folds (359, 280, 280 + 1, 180 + 226 and 129 + 274 pairs:
    the four smallest two by two; one pair of the second held-out set, from two areas of its
    own, joins the fifth's): each fold's pairs are judged by a model fitted on other people's
    pairs from other areas, as a fresh held-out set is."""
    return grouped_folds(area_groups(rows), folds, np.random.default_rng(0))


def grouped_folds(groups: np.ndarray, folds: int, rng: np.random.Generator) -> np.ndarray:
    """A fold number per row: whole groups, largest first in a shuffled order, each to the
    fold that holds the fewest rows so far (ties broken at random)."""
    ids = rng.permutation(np.unique(groups))
    sizes = np.bincount(groups)
    fold = np.empty(len(groups), dtype=np.int64)
    load_ = np.zeros(folds)
    for g in sorted(ids.tolist(), key=lambda g: -sizes[g]):
        to = int(np.argmin(load_ + rng.random(folds) * 0.5))
        fold[groups == g] = to
        load_[to] += sizes[g]
    return fold


def pair_graph(a: str, b: str) -> KnowledgeGraph:
    """Two strategies of two partnerships, each with one action: ``a`` and ``b``."""
    kg = KnowledgeGraph()
    for key, text in (("a", a), ("b", b)):
        strategy = f"strategy:plan-{key}"
        kg.nx.add_node(strategy, type="Strategy", name=f"Plan {key.upper()}",
                       provenance=[Origin("pairs", 1)])
        action = f"action:plan-{key}/{key}"
        kg.nx.add_node(action, type="Action", name=text, scope=strategy,
                       provenance=[Origin("pairs", 1)])
        kg.nx.add_edge(strategy, action, key="HAS_ACTION", provenance=[Origin("pairs", 1)])
    return kg


def _reported(kg: KnowledgeGraph, rules: dict[str, Any], method: str,
              min_score: float | None) -> float | None:
    df = queries.run("duplicates", kg, rules=rules, method=method, min_score=min_score)
    return float(df["score"].max()) if len(df) else None


@contextlib.contextmanager
def embedded_once(texts: list[str], rules: dict[str, Any]) -> Iterator[None]:
    """While open, the semantic module's ``embed`` answers from vectors of ``texts`` computed
    in one batch (texts it was not given are embedded as usual)."""
    from lspgraph.queries import semantic
    from lspgraph.queries.duplicates import content_words, mask_places, normalise

    original = semantic.embed
    texts = mask_places(texts, [], rules["duplicates"]["semantic"].get("place_words", ()))
    words = {w for t in texts for w in content_words(normalise(t))}  # for the contrast
    uniq = sorted(set(texts) | words)
    vecs = original(uniq, rules["duplicates"]["semantic"])
    at = {t: i for i, t in enumerate(uniq)}

    def embed(batch: list[str], cfg: dict[str, Any]) -> np.ndarray:
        if all(t in at for t in batch):
            return vecs[[at[t] for t in batch]]
        return original(batch, cfg)

    semantic.embed = embed
    try:
        yield
    finally:
        semantic.embed = original


def score_pairs(rows: Iterable[dict[str, str]], method: str,
                rules: dict[str, Any] | None = None,
                embed_once: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(flagged, score) per row: returned by the question at its shipped threshold, and the
    score it reports at threshold 0 (0.0 when the pair is never a candidate)."""
    rules = rules or queries.load_rules()
    rows = list(rows)
    texts = [t for r in rows for t in (r["a"], r["b"])]
    flagged, scores = [], []
    with (embedded_once(texts, rules) if method == "semantic" and embed_once
          else contextlib.nullcontext()):
        for r in rows:
            kg = pair_graph(r["a"], r["b"])
            shipped = _reported(kg, rules, method, None)
            flagged.append(shipped is not None)
            score = shipped if shipped is not None else _reported(kg, rules, method, 0.0)
            scores.append(0.0 if score is None else score)
    return np.array(flagged, dtype=bool), np.array(scores, dtype=float)


def roc_auc(truth: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random true pair outscores a random false one
    (ties count half), by the rank-sum formula.

    >>> roc_auc(np.array([True, False, True, False]), np.array([0.9, 0.1, 0.4, 0.4]))
    0.875
    """
    pos, neg = int(truth.sum()), int((~truth).sum())
    if not pos or not neg:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[truth].sum() - pos * (pos + 1) / 2) / (pos * neg))


def summarise(rows: list[dict[str, str]], flagged: np.ndarray,
              scores: np.ndarray) -> dict[str, Any]:
    """Precision, recall, F1, ROC AUC, precision on hard negatives, and recall by kind."""
    truth = np.array([r["label"] == "1" for r in rows], dtype=bool)
    tp = int((truth & flagged).sum())
    p = tp / int(flagged.sum()) if flagged.any() else 0.0
    rec = tp / int(truth.sum()) if truth.any() else 0.0
    hard = np.array([r["kind"] == "hard_negative" for r in rows], dtype=bool)
    out: dict[str, Any] = {
        "pairs": len(rows), "true": int(truth.sum()), "flagged": int(flagged.sum()),
        "precision": round(p, 3), "recall": round(rec, 3),
        "f1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0,
        "roc_auc": round(roc_auc(truth, scores), 3),
        # the share of hard negatives the method leaves alone
        "hard_negative_precision": round(float((~flagged[hard]).mean()), 3) if hard.any()
        else float("nan"),
        "false_positives": int((flagged & ~truth).sum()),
    }
    for kind in sorted({r["kind"] for r in rows if r["label"] == "1"}):
        sel = truth & np.array([r["kind"] == kind for r in rows], dtype=bool)
        out[f"recall_{kind}"] = round(float(flagged[sel].mean()), 3)
    return out


def evaluate(split: str = "all", methods: Iterable[str] | None = None, path: Path = PAIRS,
             rules: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per method on one split, each at the threshold the rules give it (and the
    semantic scores at the best tune threshold too, when that differs)."""
    rules = rules or queries.load_rules()
    cfg = rules["duplicates"]
    if methods is None:
        from lspgraph.queries.semantic import available
        methods = [m for m in METHODS if m != "semantic" or available()]
    rows = load(path, split)
    out = []
    for method in methods:
        flagged, scores = score_pairs(rows, method, rules)
        threshold = cfg["semantic"]["min_score"] if method == "semantic" else cfg["min_score"]
        default = resolve_method(cfg, None)[0]
        out.append({"method": method, "default": method == default, "split": split,
                    "threshold": threshold, **summarise(rows, flagged, scores)})
        tuned = cfg["semantic"].get("tune_min_score")
        if method == "semantic" and tuned is not None and tuned != threshold:
            # the same scores at the best tune threshold (--min-score), for comparison
            out.append({"method": f"semantic --min-score {tuned}", "default": False,
                        "split": split, "threshold": tuned,
                        **summarise(rows, scores >= tuned, scores)})
    return pd.DataFrame(out)


def features(rows: list[dict[str, str]], rules: dict[str, Any]) -> dict[str, np.ndarray]:
    """The semantic score's features of each pair (:func:`pair_features`), by the functions
    the duplicates question uses (place words out: :func:`mask_places`)."""
    from lspgraph.queries import semantic
    from lspgraph.queries.duplicates import mask_places, normalise, pair_features, spell_out_pairs

    cfg = rules["duplicates"]["semantic"]
    a = mask_places([r["a"] for r in rows], [], cfg.get("place_words", ()))
    b = mask_places([r["b"] for r in rows], [], cfg.get("place_words", ()))
    a, b = spell_out_pairs(a, b, cfg.get("acronym_joiners", ()))
    uniq = sorted(set(a) | set(b))
    at = {t: i for i, t in enumerate(uniq)}
    vecs, _ = semantic.embed_cached(uniq, cfg)
    cos = np.einsum("ij,ij->i", vecs[[at[t] for t in a]], vecs[[at[t] for t in b]])
    return pair_features([normalise(t) for t in a], [normalise(t) for t in b], cos,
                         lambda words: semantic.embed_cached(words, cfg)[0], cfg)


def _logistic(x: np.ndarray, y: np.ndarray, signs: tuple[int, ...],
              l2: float = 1e-3) -> np.ndarray:
    """Intercept and weights of an L2-regularised logistic regression (weights only), each
    weight of the sign given (+1: at least 0, -1: at most 0). Unconstrained, the tune pairs,
    nearly all of them on one topic, teach a negative weight on wording itself; across a
    whole landscape that lifts unrelated neighbours *because* they share no words. Only
    wording beyond what the meaning explains (``excess``) may lower a score."""
    from scipy.optimize import minimize

    xb = np.c_[np.ones(len(x)), x]

    def loss(w: np.ndarray) -> float:
        z = xb @ w
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + l2 * np.sum(w[1:] ** 2))

    bounds = [(None, None)] + [(0.0, None) if sg > 0 else (None, 0.0) for sg in signs]
    return minimize(loss, np.zeros(xb.shape[1]), method="L-BFGS-B", bounds=bounds).x


FEATURES = ("meaning", "shared", "excess", "contrast", "cover", "groups")
SIGNS = (1, 1, -1, -1, 1, -1)


def fit_rows(f: dict[str, np.ndarray], truth: np.ndarray, hard: np.ndarray,
             copy_at: float, names: tuple[str, ...] = FEATURES,
             signs: tuple[int, ...] = SIGNS, floor: float = 0.9,
             cap: bool = True) -> dict[str, Any]:
    """Model and threshold from labelled pairs' features ``f``: a logistic regression over
    ``names`` on the pairs the lexical rule leaves open (edit score below ``copy_at``), and
    the threshold (steps of 0.01) with the best F1 among those that leave at least
    ``floor`` of the hard negatives alone (the higher threshold on a tie), the scores
    capped or not (``cap``, :func:`~lspgraph.queries.semantic.calibrated`)."""
    from lspgraph.queries.semantic import calibrated

    open_ = f["edit"] < copy_at
    x = np.stack([f[n] for n in names], axis=1)
    w = np.round(_logistic(x[open_], truth[open_].astype(float), signs), 3)
    score = {"intercept": float(w[0]), **{n: float(v) for n, v in zip(names, w[1:],
                                                                       strict=True)}}
    scores = calibrated(f, score, f["edit"], copy_at, cap)
    best = (-1.0, 0.0)
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        flagged = scores >= threshold
        if (~flagged[hard]).mean() < floor:
            continue
        tp = int((flagged & truth).sum())
        p, r = tp / max(1, int(flagged.sum())), tp / max(1, int(truth.sum()))
        best = max(best, (round(2 * p * r / (p + r), 3) if p + r else 0.0, float(threshold)))
    return {"score": score, "tune_min_score": best[1], "tune_f1": best[0]}


def fit(paths: Iterable[Path] = TUNING, rules: dict[str, Any] | None = None,
        floor: float = 0.9) -> dict[str, Any]:
    """The semantic method's model and best threshold, from every pair of ``paths`` (both
    labelled files: :data:`TUNING`), by :func:`fit_rows` over :data:`FEATURES`."""
    rules = rules or queries.load_rules()
    rows = load_tuning(paths)
    truth = np.array([r["label"] == "1" for r in rows], dtype=bool)
    hard = np.array([r["kind"] == "hard_negative" for r in rows], dtype=bool)
    return fit_rows(features(rows, rules), truth, hard, rules["duplicates"]["min_score"],
                    floor=floor)


#: feature sets compared by :func:`cross_validate`: (features, their weights' signs, cap)
CANDIDATES = {
    "cosine, shared, excess (second round)": (("cosine", "shared", "excess"), (1, 1, -1),
                                              True),
    "cosine, shared, excess, contrast (fourth round)": (("cosine", "shared", "excess",
                                                          "contrast"), (1, 1, -1, -1), True),
    "meaning (a heading against runs of its commitment) for cosine": (
        ("meaning", "shared", "excess", "contrast"), (1, 1, -1, -1), True),
    "meaning, shared, excess, contrast, cover (fifth round)": (FEATURES[:5], SIGNS[:5], True),
    "meaning, shared, excess, contrast, cover, groups (shipped)": (FEATURES, SIGNS, True),
    "the shipped features without the cap": (FEATURES, SIGNS, False),
}


BY = ("statement", "area")


def _check_by(by: str) -> None:
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")


def _folds(rows: list[dict[str, str]], by: str, folds: int, rep: int) -> np.ndarray:
    """A fold per row: whole statements shuffled by seed ``rep``, or whole areas."""
    _check_by(by)
    if by == "area":
        return area_folds(rows, folds)
    return grouped_folds(statement_groups(rows), folds, np.random.default_rng(rep))


def cross_validate(paths: Iterable[Path] = TUNING, rules: dict[str, Any] | None = None,
                   repeats: int = 10, folds: int = 5, floor: float = 0.9,
                   by: str = "statement") -> pd.DataFrame:
    """Each candidate of :data:`CANDIDATES` fitted and thresholded (:func:`fit_rows`) on four
    fifths of the pairs of ``paths`` and judged on the fifth left out, in folds of whole
    :func:`statement_groups` (``repeats`` seeded shuffles), or with ``by="area"`` in folds of
    whole :func:`area_groups` (one run: the folds are fixed): pooled F1, precision, recall,
    hard-negative precision and recall by kind, mean over repeats, and with ``by="area"``
    each fold's F1 and hard-negative precision (``fold_f1``, ``fold_hn``, in fold order)."""
    from lspgraph.queries.semantic import calibrated

    _check_by(by)
    rules = rules or queries.load_rules()
    rows = load_tuning(paths)
    f = features(rows, rules)
    truth = np.array([r["label"] == "1" for r in rows], dtype=bool)
    kind = np.array([r["kind"] for r in rows])
    hard = kind == "hard_negative"
    copy_at = rules["duplicates"]["min_score"]
    kinds = sorted(set(kind[truth].tolist()))
    repeats = 1 if by == "area" else repeats
    out = []
    for name, (names, signs, cap) in CANDIDATES.items():
        got = []
        for rep in range(repeats):
            fold = _folds(rows, by, folds, rep)
            flagged = np.zeros(len(rows), dtype=bool)
            for fo in range(folds):
                tr, te = fold != fo, fold == fo
                m = fit_rows({n: v[tr] for n, v in f.items()}, truth[tr], hard[tr],
                             copy_at, names, signs, floor, cap)
                s = calibrated({n: v[te] for n, v in f.items()}, m["score"],
                               f["edit"][te], copy_at, cap)
                flagged[te] = s >= m["tune_min_score"]
            tp = int((flagged & truth).sum())
            p, r = tp / max(1, int(flagged.sum())), tp / int(truth.sum())
            got.append((2 * p * r / (p + r) if p + r else 0.0, p, r,
                        float((~flagged[hard]).mean()),
                        *(float(flagged[truth & (kind == k)].mean()) for k in kinds)))
        mean = np.mean(got, axis=0).round(3)
        out.append({"features": name, "cv_f1": mean[0], "cv_precision": mean[1],
                    "cv_recall": mean[2], "cv_hard_negative_precision": mean[3],
                    **{f"recall_{k}": v for k, v in zip(kinds, mean[4:], strict=True)}})
        if by == "area":
            per = [_figures(flagged[fold == fo], truth[fold == fo], hard[fold == fo])
                   for fo in range(folds)]
            out[-1]["fold_f1"] = " ".join(f"{x[0]:.3f}" for x in per)
            out[-1]["fold_hn"] = " ".join(f"{x[3]:.3f}" for x in per)
    return pd.DataFrame(out)


def _figures(flagged: np.ndarray, truth: np.ndarray,
             hard: np.ndarray) -> tuple[float, float, float, float]:
    """(F1, precision, recall, hard-negative precision) of flags against labels."""
    tp = int((flagged & truth).sum())
    p, r = tp / max(1, int(flagged.sum())), tp / max(1, int(truth.sum()))
    return (2 * p * r / (p + r) if p + r else 0.0, p, r,
            float((~flagged[hard]).mean()) if hard.any() else float("nan"))


def cross_validate_thresholds(thresholds: Iterable[float] = (0.54, 0.55, 0.56, 0.57, 0.58,
                                                              0.59, 0.6, 0.62),
                              paths: Iterable[Path] = TUNING,
                              rules: dict[str, Any] | None = None, repeats: int = 10,
                              folds: int = 5, by: str = "statement") -> pd.DataFrame:
    """The shipped features' weights fitted on four folds of whole statements (or whole
    areas: ``by="area"``, one run), the pairs of the fifth flagged at each fixed threshold:
    pooled F1, precision, recall and hard-negative precision per threshold, mean over
    ``repeats`` (what each choice of threshold gives on pairs the weights were not fitted
    on), and the least of the folds' hard-negative precisions (``fold_hn_min``)."""
    from lspgraph.queries.semantic import calibrated

    _check_by(by)
    rules = rules or queries.load_rules()
    rows = load_tuning(paths)
    f = features(rows, rules)
    truth = np.array([r["label"] == "1" for r in rows], dtype=bool)
    hard = np.array([r["kind"] == "hard_negative" for r in rows], dtype=bool)
    copy_at = rules["duplicates"]["min_score"]
    thresholds = list(thresholds)
    repeats = 1 if by == "area" else repeats
    got = np.zeros((repeats, len(thresholds), 5))
    for rep in range(repeats):
        fold = _folds(rows, by, folds, rep)
        scores = np.zeros(len(rows))
        for fo in range(folds):
            tr, te = fold != fo, fold == fo
            m = fit_rows({n: v[tr] for n, v in f.items()}, truth[tr], hard[tr], copy_at)
            scores[te] = calibrated({n: v[te] for n, v in f.items()}, m["score"],
                                    f["edit"][te], copy_at)
        for k, t in enumerate(thresholds):
            flagged = scores >= t
            got[rep, k] = (*_figures(flagged, truth, hard),
                           min(_figures(flagged[fold == fo], truth[fold == fo],
                                        hard[fold == fo])[3] for fo in range(folds)))
    mean = got.mean(axis=0).round(3)
    return pd.DataFrame({"threshold": thresholds, "cv_f1": mean[:, 0],
                         "cv_precision": mean[:, 1], "cv_recall": mean[:, 2],
                         "cv_hard_negative_precision": mean[:, 3],
                         "fold_hn_min": mean[:, 4]})


def markdown(tables: list[pd.DataFrame], path: Path = PAIRS) -> str:
    """The realistic-pairs table for BENCHMARKS.md, one block of rows per split."""
    df = pd.concat(tables, ignore_index=True)
    kinds = [c for c in df.columns if c.startswith("recall_")]
    head = ["split", "method", "threshold", "pairs", "precision", "recall", "F1", "ROC AUC",
            "hard-negative precision", *[k.removeprefix("recall_") for k in kinds]]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in df.to_dict("records"):
        name = f"{r['method']} (default)" if r["default"] else r["method"]
        cells = [r["split"], name, r["threshold"], r["pairs"], r["precision"], r["recall"],
                 r["f1"], r["roc_auc"], r["hard_negative_precision"], *[r[k] for k in kinds]]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return (f"Realistic labelled pairs (tests/data/{path.name}), each scored through "
            "the duplicates question on a graph of two strategies; the last columns are the "
            "recall on each kind of true pair.\n\n" + "\n".join(lines))


if __name__ == "__main__":
    import argparse

    from .publish import publish

    ap = argparse.ArgumentParser(prog="python -m bench.pairs_eval")
    ap.add_argument("--split", choices=SPLITS, default=None,
                    help="one split (default: tune and check, one after the other)")
    ap.add_argument("--method", action="append", choices=METHODS, default=None,
                    help="a method to score (repeatable; default: every installed one)")
    ap.add_argument("--write", type=Path, default=None,
                    help="put the table into this markdown file (BENCHMARKS.md)")
    ap.add_argument("--heldout", nargs="?", type=Path, const=HELDOUT, default=None,
                    metavar="PATH",
                    help="score a held-out file of pairs, every row check (default: "
                         "tests/data/duplicate_pairs_heldout.csv) instead, into the section "
                         "'pairs-heldout'")
    ap.add_argument("--cv", action="store_true",
                    help="cross-validate the candidate feature sets on every tuning pair (both "
                         "files; 5 folds of whole statements, 10 repeats), then the shipped "
                         "features at fixed thresholds, and print both tables")
    ap.add_argument("--by", choices=BY, default="statement",
                    help="with --cv: folds of whole statements (10 seeded repeats) or of whole "
                         "areas (pairs from one area never on both sides; one run)")
    ap.add_argument("--fit", action="store_true",
                    help="fit the semantic method's model and threshold on every tuning pair "
                         "(both files) and print them for schemas/rules.yaml (nothing is "
                         "scored)")
    args = ap.parse_args()
    if args.fit:
        print(fit())
        raise SystemExit(0)
    if args.cv:
        print(cross_validate(by=args.by).to_string(index=False))
        print()
        print(cross_validate_thresholds(by=args.by).to_string(index=False))
        raise SystemExit(0)
    if args.heldout:
        table = markdown([evaluate("check", args.method, args.heldout)], args.heldout)
        publish(table, args.write, "pairs-heldout")
        raise SystemExit(0)
    splits = [args.split] if args.split else ["tune", "check"]
    publish(markdown([evaluate(s, args.method) for s in splits]), args.write, "pairs")
