"""Duplicated actions: actions in different strategies or partnerships that are the same work.

Two stages, neither of them a loop over all pairs:

1. **Candidates.** TF-IDF vectors over words and word bigrams (stop words out, words too
   common to tell actions apart dropped: ``max_df``), and for each action its ``top_k``
   nearest neighbours by cosine among the actions it is compared with. The scheme is a
   blocking with a bounded window, linear in the number of actions:

   - each action's ``probes`` heaviest features (its rarest words and bigrams, leaving out
     those no other action has, such as a typo) are its blocking keys;
   - each key's block is sorted twice, by its actions' words in alphabetical order and in
     reverse order, and an action is compared only with the ``window`` actions after it in
     each sort (a copy with an extra word or a typo still sorts next to its original in one
     of the two orders);
   - so an action meets at most ``probes * 2 * window`` others, however common its words
     are, and the cosines of those pairs are taken row by row (no matrix product of all
     actions with all actions, no loop over the actions in Python).

   On the national benchmark it keeps 98% or more of the pairs the exhaustive search scored
   as duplicates (BENCHMARKS.md, "Duplicates at scale").
2. **Score.** Each candidate pair is scored by how little editing turns one text into the
   other: rapidfuzz's ``token_sort_ratio`` over normalised text (case, punctuation and '&'
   folded; words sorted, so 'Tackle hunger and food poverty' meets 'Tackle food poverty and
   hunger'), 0 to 1. Pairs at or above ``min_score`` are kept. TF-IDF alone ranks pairs that
   share a rare topic word ('... for rough sleepers in libraries' / '... for rough sleepers
   at job centres') above copies with a typo; the edit score does not.

``method="semantic"`` (the ``semantic`` extra; the default, ``auto``, picks it whenever the
model is installed) adds each action's nearest neighbours by meaning to the candidates and
scores every pair with a small calibrated model over meaning and wording: see
:mod:`.semantic` and :func:`pair_features`. Every row says what drove its score (``why``).

Pairs inside one strategy are kept only with ``within=True``. Transitive groups of pairs share
a ``cluster`` number. ``kind="organisations"`` does the same for the names of organisations
and partnerships (one body under two spellings), scored on their identity keys (so 'CCG'
meets 'Clinical Commissioning Group').
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.ids import identity_key
from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from . import load_rules, register
from .base import AREA, MIN_SCORE, PARTNERSHIP, Finding, Option, Question
from .common import area_id, evidence, strategy_of

nx = lazy("networkx")
np = lazy("numpy")
pd = lazy("pandas")
fuzz = lazy("rapidfuzz.fuzz")
process = lazy("rapidfuzz.process")
sparse = lazy("scipy.sparse")

__all__ = ["COLUMNS", "METHODS", "Duplicates", "blocked_pairs", "candidates", "content_words",
           "edit_scores", "features_at", "normalise", "pair_features", "pair_scores",
           "resolve_method", "run", "similar_pairs", "vectorise"]

TITLE = "Duplicated actions"
COLUMNS = ["cluster", "score", "a", "b", "a_text", "b_text", "a_strategy", "b_strategy",
           "a_owner", "b_owner", "a_source", "b_source", "why"]
METHODS = ("lexical", "semantic")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in for on by with our we will its their be is are as at "
                  "from that this those these".split())


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', apostrophes dropped, other punctuation as spaces.

    >>> normalise("Share police & fire estate and back-office services.")
    'share police and fire estate and back office services'
    """
    low = text.lower().replace("&", " and ").replace("\u2019", "").replace("'", "")
    return " ".join(_WORD.findall(low))


def _features(text: str) -> Counter[str]:
    words = [w for w in normalise(text).split() if w not in _STOP]
    feats: Counter[str] = Counter(words)
    feats.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return feats


def vectorise(texts: list[str], max_df: float = 1.0, min_drop: int = 50) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF (sublinear tf, smoothed idf) over words and bigrams.

    Features found in more than ``max_df`` of the texts, and in more than ``min_drop`` of
    them (so that small inputs keep every word), are dropped.
    """
    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for text in texts:
        for feat, count in _features(text).items():
            indices.append(vocab.setdefault(feat, len(vocab)))
            data.append(1.0 + math.log(count))
        indptr.append(len(indices))
    m = sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                           np.array(indptr, dtype=np.int64)), shape=(len(texts), len(vocab)))
    df = np.bincount(m.indices, minlength=len(vocab))
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    idf[(df > max_df * len(texts)) & (df > min_drop)] = 0.0
    m = sparse.csr_matrix(m @ sparse.diags(idf))
    m.eliminate_zeros()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _probes(x: sparse.csr_matrix, probes: int) -> tuple[np.ndarray, np.ndarray]:
    """(feature, row) of each row's ``probes`` heaviest TF-IDF features (its rarest words)
    among those found in at least two rows (a typo's word meets nothing)."""
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    shared = np.bincount(x.indices, minlength=x.shape[1])[x.indices] > 1
    order = np.lexsort((-x.data, ~shared, rows))  # row by row, shared first, heaviest first
    rank = np.arange(len(order)) - x.indptr[rows[order]]
    keep = order[(rank < probes) & shared[order]]
    return x.indices[keep], rows[keep]


def _window_pairs(feat: np.ndarray, row: np.ndarray, key: np.ndarray,
                  window: int) -> np.ndarray:
    """i * n + j (i < j) for rows at most ``window`` apart in a feature's block, sorted by key."""
    order = np.lexsort((key[row], feat))
    f, r = feat[order], row[order]
    found = []
    for d in range(1, window + 1):  # window passes over all entries, not a loop over rows
        same = f[d:] == f[:-d]
        a, b = r[:-d][same], r[d:][same]
        found.append(np.minimum(a, b) * np.int64(len(key)) + np.maximum(a, b))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _distinct(code: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an int64 array."""
    code = np.sort(code)
    return code[np.r_[True, code[1:] != code[:-1]]] if len(code) else code


def _cosines(x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray,
             chunk: int = 500_000) -> np.ndarray:
    """Cosine of rows i[k] and j[k] of unit-length x, in chunks of pairs."""
    out = np.empty(len(i))
    for s in range(0, len(i), chunk):
        sl = slice(s, s + chunk)
        out[sl] = np.asarray(x[i[sl]].multiply(x[j[sl]]).sum(axis=1)).ravel()
    return np.minimum(out, 1.0)


def blocked_pairs(x: sparse.csr_matrix, keys: list[str] | None = None, probes: int = 4,
                  window: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) the candidate search compares: rows sharing one of their ``probes``
    rarest features and at most ``window`` apart in one of that feature's two sorts. At most
    ``probes * 2 * window`` per row."""
    n = x.shape[0]
    if keys is None:
        keys = [" ".join(map(str, x.indices[x.indptr[r]:x.indptr[r + 1]])) for r in range(n)]
    words = [sorted(k.split()) for k in keys]
    feat, row = _probes(x, probes)
    codes = []
    for ordered in (words, [w[::-1] for w in words]):
        rank = np.empty(n, dtype=np.int64)
        rank[np.argsort(np.array([" ".join(w) for w in ordered]), kind="stable")] = np.arange(n)
        codes.append(_window_pairs(feat, row, rank, window))
    code = _distinct(np.concatenate(codes))
    i, j = code // n, code % n
    keep = i != j
    return i[keep], j[keep]


def similar_pairs(x: sparse.csr_matrix, top_k: int, min_score: float,
                  keys: list[str] | None = None, probes: int = 4,
                  window: int = 8) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j: each i's top_k neighbours at or above min_score among its
    candidates, the rows it meets in the blocks of its ``probes`` rarest features.

    Each block is sorted twice (by its rows' words in order, and in reverse order) and a row
    meets only the ``window`` rows after it in each sort, so a row's work is bounded
    (``probes * 2 * window`` pairs) however common its words are: linear in the rows.
    """
    n = x.shape[0]
    i, j = blocked_pairs(x, keys, probes, window)
    cos = _cosines(x, i, j)
    good = cos >= min_score
    i, j, cos = i[good], j[good], cos[good]
    # each row's top_k: both directions, ranked by cosine within the row
    src, dst, both = np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([cos, cos])
    order = np.lexsort((-both, src))
    src, dst, both = src[order], dst[order], both[order]
    first = np.searchsorted(src, src, side="left")
    best = (np.arange(len(src)) - first) < top_k
    lo, hi = np.minimum(src[best], dst[best]), np.maximum(src[best], dst[best])
    code = lo * np.int64(n) + hi
    order = np.argsort(code, kind="stable")
    code, both = code[order], both[best][order]
    first = np.r_[True, code[1:] != code[:-1]][:len(code)]
    return list(zip((code[first] // n).tolist(), (code[first] % n).tolist(),
                    both[first].tolist(), strict=True))


def candidates(texts: list[str], cfg: dict[str, Any]) -> list[tuple[int, int]]:
    """Pairs (i < j) worth scoring: each text's nearest neighbours by TF-IDF cosine among the
    texts that share one of its rarest words (``similar_pairs``)."""
    x = vectorise(texts, cfg["max_df"])
    return [(i, j) for i, j, _ in similar_pairs(x, cfg["top_k"], cfg["candidate_score"], texts,
                                                cfg["probes"], cfg["window"])]


def edit_scores(a: list[str], b: list[str]) -> np.ndarray:
    """token_sort_ratio of each a[i] with b[i], 0 to 1 (texts already normalised)."""
    if not a:
        return np.zeros(0)
    return process.cpdist(a, b, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0


def content_words(key: str) -> list[str]:
    """The distinct words of a normalised text that the pair features count (stop words
    left out), in order of first use.

    >>> content_words("reduce loneliness among older people and in later life")
    ['reduce', 'loneliness', 'among', 'older', 'people', 'later', 'life']
    """
    return list(dict.fromkeys(w for w in key.split() if w not in _STOP))


WordVectors = Callable[[list[str]], "np.ndarray"]


def pair_features(a: list[str], b: list[str], cosine: np.ndarray,
                  word_vectors: WordVectors | None = None) -> dict[str, np.ndarray]:
    """The semantic score's inputs for pairs of normalised texts: ``cosine`` (meaning),
    ``edit`` (wording: token_sort_ratio, 0 to 1), ``shared`` (the share of the shorter
    text's words, stop words left out, that the longer one has), ``length`` (the shorter
    text's number of words over the longer's), ``excess`` (wording beyond what the
    meaning explains, ``max(0, edit - cosine)``: two texts that share most of their words
    yet mean less alike are the same topic, other work) and ``contrast`` (``shared`` times
    how unlike the words each text has and the other lacks are: ``1 - cosine`` of the
    sums of their word vectors, 0 when either text has no word of its own; 'Reduce
    loneliness among *older* people' against '... *young* people' shares the frame and
    contrasts the rest). ``word_vectors`` embeds single words (unit rows); without it
    ``contrast`` is 0.

    >>> f = pair_features(["help smokers to quit"], ["help smokers to quit smoking for good"],
    ...                   np.array([0.9]))
    >>> {k: round(float(v[0]), 2) for k, v in f.items()}
    {'cosine': 0.9, 'edit': 0.7, 'shared': 1.0, 'length': 0.57, 'excess': 0.0, 'contrast': 0.0}
    """
    n = len(a)
    return features_at([*a, *b], np.arange(n), np.arange(n, 2 * n), cosine, word_vectors)


def _contrast(x: sparse.csr_matrix, vocab: list[str], i: np.ndarray, j: np.ndarray,
              common: np.ndarray, word_vectors: WordVectors,
              chunk: int = 20_000) -> np.ndarray:
    """1 - cosine of the summed word vectors of the words only text i has and those only
    text j has, for pairs with a word in common (else 0); 0 where either has none of its own.
    Only the words of those pairs' own parts are embedded."""
    out = np.zeros(len(i))
    some = np.flatnonzero(common > 0)
    if not len(some):
        return out
    parts = []
    for s in range(0, len(some), chunk):
        k = some[s:s + chunk]
        xa, xb = x[i[k]], x[j[k]]
        both = xa.multiply(xb)
        parts.append((k, sparse.csr_matrix(xa - both), sparse.csr_matrix(xb - both)))
    used = np.unique(np.concatenate([m.indices for _, ra, rb in parts for m in (ra, rb)]))
    if not len(used):
        return out
    got = np.asarray(word_vectors([vocab[w] for w in used.tolist()]), dtype=np.float32)
    vecs = np.zeros((len(vocab), got.shape[1]), dtype=np.float32)
    vecs[used] = got
    for k, ra, rb in parts:
        va, vb = np.asarray(ra @ vecs), np.asarray(rb @ vecs)
        na, nb = np.linalg.norm(va, axis=1), np.linalg.norm(vb, axis=1)
        own = (np.diff(ra.indptr) > 0) & (np.diff(rb.indptr) > 0) & (na > 0) & (nb > 0)
        cos = np.ones(len(k))
        cos[own] = np.einsum("ij,ij->i", va[own], vb[own]) / (na[own] * nb[own])
        out[k] = 1.0 - np.clip(cos, -1.0, 1.0)
    return out


def features_at(keys: list[str], i: np.ndarray, j: np.ndarray, cosine: np.ndarray,
                word_vectors: WordVectors | None = None) -> dict[str, np.ndarray]:
    """:func:`pair_features` of the pairs (keys[i[k]], keys[j[k]]), vectorised: words in
    common from a sparse text-by-word matrix, in chunks of pairs (no loop over pairs)."""
    vocab: dict[str, int] = {}
    indptr, indices, counts = [0], [], []
    for text in keys:
        indices.extend(vocab.setdefault(w, len(vocab)) for w in content_words(text))
        indptr.append(len(indices))
        counts.append(len(text.split()))
    x = sparse.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64),
                           np.array(indptr, dtype=np.int64)), shape=(len(keys), len(vocab)))
    sizes = np.diff(x.indptr).astype(np.float64)
    common = np.empty(len(i))
    for s in range(0, len(i), 500_000):
        sl = slice(s, s + 500_000)
        common[sl] = np.asarray(x[i[sl]].multiply(x[j[sl]]).sum(axis=1)).ravel()
    n_words = np.array(counts, dtype=np.float64)
    cosine = np.asarray(cosine, dtype=np.float64)
    edit = edit_scores([keys[k] for k in i.tolist()], [keys[k] for k in j.tolist()])
    shared = common / np.maximum(1.0, np.minimum(sizes[i], sizes[j]))
    unlike = (_contrast(x, list(vocab), i, j, common, word_vectors) if word_vectors
              else np.zeros(len(i)))
    return {"cosine": cosine, "edit": edit, "shared": shared,
            "length": np.minimum(n_words[i], n_words[j])
            / np.maximum(1.0, np.maximum(n_words[i], n_words[j])),
            "excess": np.maximum(0.0, edit - cosine), "contrast": shared * unlike}


def pair_scores(a: list[str], b: list[str], rules: dict[str, Any],
                method: str = "lexical") -> np.ndarray:
    """The score of each pair (a[i], b[i]) under ``method``, 0 to 1 (no candidate search).

    >>> pair_scores(["Tackle hunger and food poverty"], ["Tackle food poverty & hunger"],
    ...             {"duplicates": {}}).tolist()
    [1.0]
    """
    na, nb = [normalise(t) for t in a], [normalise(t) for t in b]
    if method == "semantic":
        from . import semantic
        cfg = rules["duplicates"]
        uniq = sorted(set(a) | set(b))
        vecs = semantic.embed(uniq, cfg["semantic"])
        at = {t: k for k, t in enumerate(uniq)}
        cos = np.einsum("ij,ij->i", vecs[[at[t] for t in a]], vecs[[at[t] for t in b]])
        f = pair_features(na, nb, cos, lambda words: semantic.embed_cached(
            words, cfg["semantic"])[0])
        return semantic.calibrated(f, cfg["semantic"]["score"], f["edit"], cfg["min_score"])
    return edit_scores(na, nb)


def resolve_method(cfg: dict[str, Any], method: str | None) -> tuple[str, str]:
    """(method, note): ``auto`` (the shipped default) is ``semantic`` when the model is
    installed and ``lexical`` otherwise, and the note says which ran and why."""
    from . import semantic

    method = method or cfg["method"]
    if method not in (*METHODS, "auto"):
        raise LspGraphError(f"no duplicates method '{method}'; known: auto, "
                            f"{', '.join(METHODS)}")
    installed = semantic.available(cfg["semantic"]["model"])
    if method == "auto":
        if installed:
            return "semantic", "duplicates by meaning and wording (semantic)"
        return "lexical", ("duplicates by wording only (lexical): the embedding model is not "
                           'installed (pip install "lspgraph[semantic]")')
    return method, ("duplicates by meaning and wording (semantic)" if method == "semantic"
                    else "duplicates by wording only (lexical)")


def _why(score: float, f: dict[str, float] | None, copy_at: float,
         model: dict[str, float] | None) -> str:
    """What drove a pair's score, in words."""
    if f is None:
        return f"{score:.2f}: edit score (wording)"
    parts = (f"meaning {f['cosine']:.2f}, wording {f['edit']:.2f}, "
             f"shared words {f['shared']:.2f}, length {f['length']:.2f}, "
             f"contrast {f.get('contrast', 0.0):.2f}")
    if f["edit"] >= copy_at:
        return f"{score:.2f}: a copy by wording; {parts}"
    terms = {k: float(w) * f[k] for k, w in (model or {}).items() if k != "intercept"}
    names = {"cosine": "meaning", "edit": "wording", "shared": "shared words",
             "length": "lengths"}
    top = max(terms, key=lambda k: terms[k]) if terms else "cosine"
    return f"{score:.2f}: mostly {names.get(top, top)}; {parts}"


def _scored(texts: list[str], cfg: dict[str, Any], method: str, keys: list[str],
            cache: Any, threshold: float) -> list[tuple[int, int, float, str]]:
    """(i, j, score, why) for every candidate pair scoring at least ``threshold``: the
    lexical candidates, and with ``semantic`` each text's nearest neighbours by meaning."""
    pairs = candidates(keys, cfg)
    if method == "semantic":
        from . import semantic
        scfg = cfg["semantic"]
        lookup, keep = (cache.cached_vectors, cache.keep_vectors) if cache else (None, None)
        vecs, _ = semantic.embed_cached(texts, scfg, lookup, keep)
        near = semantic.nearest(vecs, int(scfg["top_k"]), int(scfg.get("probes", 2)))
        n = np.int64(len(texts))
        code = np.array([p[0] * n + p[1] for p in pairs] + [p[0] * n + p[1] for p in near],
                        dtype=np.int64)
        code = np.unique(code)
        if not len(code):
            return []
        i, j = code // n, code % n
        f = features_at(keys, i, j, semantic.pair_cosines(vecs, i, j),
                        lambda words: semantic.embed_cached(words, scfg, lookup, keep)[0])
        sem = semantic.calibrated(f, scfg["score"], f["edit"], cfg["min_score"])
        kept = np.flatnonzero(sem >= threshold)
        return [(int(i[k]), int(j[k]), float(sem[k]),
                 _why(float(sem[k]), {n_: float(v[k]) for n_, v in f.items()},
                      cfg["min_score"], scfg["score"])) for k in kept.tolist()]
    scores = edit_scores([keys[i] for i, _ in pairs], [keys[j] for _, j in pairs])
    return [(i, j, float(s), _why(float(s), None, cfg["min_score"], None))
            for (i, j), s in zip(pairs, scores, strict=True) if s >= threshold]


def run(kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None, kind: str = "actions",
        within: bool = False, min_score: float | None = None, method: str | None = None,
        partnership: str | None = None, area: str | None = None) -> pd.DataFrame:
    """Pairs of actions (or organisation names) that are the same work, best first.

    The method that ran, and why, is in ``df.attrs["note"]`` (the command line prints it
    once, as the output's header line).
    """
    cfg = (rules or load_rules())["duplicates"]
    method, note = resolve_method(cfg, method)
    if kind == "organisations" and method == "semantic":
        method, note = "lexical", "names of organisations compared by wording (lexical)"
    threshold = (cfg["semantic"]["min_score"] if method == "semantic" else cfg["min_score"]) \
        if min_score is None else min_score
    if kind == "organisations":
        nodes = [n for n in kg.nodes() if kg.type_of(n) in ("Organisation", "Partnership")]
    else:
        nodes = list(kg.nodes("Action"))
    if len(nodes) < 2:
        return _noted(pd.DataFrame(columns=COLUMNS), method, note)
    texts = [kg.label(n) for n in nodes]
    strategies = [strategy_of(kg, n) if kind != "organisations" else None for n in nodes]
    keys = [identity_key(t) if kind == "organisations" else normalise(t) for t in texts]
    rows = []
    for i, j, score, why in _scored(texts, cfg, method, keys, kg.embedding_cache, threshold):
        if kind != "organisations" and not within and strategies[i] == strategies[j]:
            continue
        rows.append((i, j, score, why))
    if partnership or area:
        code = area_id(area) if area else None
        rows = [r for r in rows if _concerns(kg, [strategies[r[0]], strategies[r[1]]],
                                             partnership, code)]
    clusters = nx.Graph()
    clusters.add_edges_from((nodes[i], nodes[j]) for i, j, _, _ in rows)
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
            evidence(kg, nodes[i]), evidence(kg, nodes[j]), why]
           for i, j, score, why in rows]
    df = pd.DataFrame(out, columns=COLUMNS)
    df = df.sort_values(["cluster", "score", "a", "b"], ascending=[True, False, True, True],
                        ignore_index=True)
    return _noted(df, method, note)


def _noted(df: pd.DataFrame, method: str, note: str) -> pd.DataFrame:
    df.attrs["method"] = method
    df.attrs["note"] = note
    return df


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


@register
class Duplicates(Question):
    name = "duplicates"
    title = TITLE
    columns = tuple(COLUMNS)
    options = (Option("--kind", "Compare actions (the default) or the names of "
                      "organisations.", choices=("actions", "organisations")),
               Option("--within", "Include pairs inside one strategy.", type=bool),
               Option("--method", "auto (default): semantic when the semantic extra is "
                      "installed, else lexical; semantic: meaning and wording (sentence "
                      "embeddings); lexical: edit score of TF-IDF candidates.",
                      choices=("auto", *METHODS)),
               AREA, PARTNERSHIP, MIN_SCORE)
    order = 30
    geography = "around"
    run = staticmethod(run)

    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        return [Finding(f"{r['score']:.2f} duplicate: '{r['a_text']}' ({r['a_strategy']}) ~ "
                        f"'{r['b_text']}' ({r['b_strategy']})", (r["a"], r["b"]),
                        f"{r['a_source']} / {r['b_source']}",
                        (r["a"], r["b"], f"{r['score']:.2f}"))
                for r in df.to_dict("records")]

    def headline(self, kg: KnowledgeGraph, rules: dict[str, Any]) -> list[str]:
        df = self.answer(kg, rules=rules)
        return [f"Duplicated actions: {len(df)} pairs across strategies",
                *(f"  {r.score:.2f} '{r.a_text}' ({r.a_strategy})\n"
                  f"       ~ '{r.b_text}' ({r.b_strategy})"
                  for r in df.sort_values("score", ascending=False).head(3).itertuples())]
