"""Duplicated actions: actions in different strategies or partnerships that are the same work.

Two stages, neither of them a loop over all pairs:

1. **Candidates.** TF-IDF vectors over words and word bigrams (stop words out, words too
   common to tell actions apart dropped: ``max_df``), and for each action its ``top_k``
   nearest neighbours by cosine among the actions it is compared with. The scheme is a
   blocking with a bounded window, linear in the number of actions:

   - each action's ``probes`` heaviest features (its rarest words and bigrams, leaving out
     those no other action has, such as a typo) are its blocking keys;
   - each key's block is sorted ``sorts`` times by its actions' words: in alphabetical
     order, in reverse order, and in seeded shuffled orders of the words; an action is
     compared only with the ``window`` actions after it in each sort (two texts that differ
     in a word or two agree on a long run of words in at least one order, so they sort
     next to each other there however large the block);
   - so an action meets at most ``probes * sorts * window`` others, however common its
     words are, and the cosines of those pairs are taken pair by pair in chunks; each
     action keeps its ``top_k`` best by one sort of (action, cosine). Every step is a numpy
     pass over all actions or pairs: no matrix product of all actions with all actions, no
     loop over the actions in Python, and memory that grows with the pairs compared.

   As the landscape grows, more probes keep more copies than wider windows do (measured on
   the national benchmark at 200,000 actions: BENCHMARKS.md, "Duplicates at scale", where
   the share of the planted copies the blocking keeps is given at each size).
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

import re
from collections.abc import Callable
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.ids import near_key
from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from . import load_rules, register
from .base import AREA, MIN_SCORE, PARTNERSHIP, Finding, Needs, Option, Question
from .common import area_id, evidence, strategy_of

nx = lazy("networkx")
np = lazy("numpy")
pd = lazy("pandas")
fuzz = lazy("rapidfuzz.fuzz")
process = lazy("rapidfuzz.process")
sparse = lazy("scipy.sparse")

__all__ = ["COLUMNS", "METHODS", "Duplicates", "blocked_pairs", "candidate_arrays", "candidates",
           "content_words", "edit_scores", "features_at", "heading_pairs", "lifted_headings",
           "mask_places", "mutual_best", "normalise",
           "pair_features", "pair_scores", "place_names", "resolve_method", "run",
           "similar_pairs", "spell_out", "spell_out_pairs", "vectorise"]

TITLE = "Duplicated actions"
COLUMNS = ["cluster", "score", "a", "b", "a_text", "b_text", "a_strategy", "b_strategy",
           "a_owner", "b_owner", "a_source", "b_source", "why"]
METHODS = ("lexical", "semantic")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and the of to in for on by with our we will its their be is are as at "
                  "from that this those these".split())
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_ACRONYM = re.compile(r"\b([A-Z]{3,8})(s?)\b")
_INITIALS = re.compile(r"[A-Za-z0-9]+")
_EDGE = re.compile(r"^[^\w]+|[^\w']+$")


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', apostrophes dropped, other punctuation as spaces.

    >>> normalise("Share police & fire estate and back-office services.")
    'share police and fire estate and back office services'
    """
    low = text.lower().replace("&", " and ").replace("\u2019", "").replace("'", "")
    return " ".join(_WORD.findall(low))


def _tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row, word) of every word of ``texts`` (split on white space, in order), the words
    numbered in alphabetical order, and the words: one pass of C-level iteration over all
    the words, no loop over the texts in Python."""
    lens = np.fromiter(map(len, map(str.split, texts)), dtype=np.int64, count=len(texts))
    flat = " ".join(texts).split()
    words = sorted(dict.fromkeys(flat))
    number = dict(zip(words, range(len(words)), strict=True))
    word = np.fromiter(map(number.__getitem__, flat), dtype=np.int64, count=len(flat))
    return np.repeat(np.arange(len(texts), dtype=np.int64), lens), word, words


def _distinct(code: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct values, sorted; each value's index among them; how often each occurs) of an
    int64 array, by one sort (``np.unique`` is many times slower on large arrays in numpy 2)."""
    order = np.argsort(code, kind="stable")
    ordered = code[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]] if len(code) else np.zeros(0, dtype=bool)
    inverse = np.empty(len(code), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    return ordered[first], inverse, np.diff(np.r_[starts, len(code)])


def _tfidf(row: np.ndarray, word: np.ndarray, words: list[str], n: int, max_df: float,
           min_drop: int) -> sparse.csr_matrix:
    """:func:`vectorise` from the words of normalised texts (:func:`_tokens`)."""
    stop = np.fromiter((w in _STOP for w in words), dtype=bool, count=len(words))
    content = ~stop[word] if len(word) else np.zeros(0, dtype=bool)
    r, w = row[content], word[content]
    n_words = np.int64(len(words))
    # bigrams of consecutive words once stop words are out, numbered after the words
    same = r[1:] == r[:-1]
    bigram, bigram_id, _ = _distinct(w[:-1][same] * n_words + w[1:][same])
    feat = np.concatenate([w, n_words + bigram_id])
    feat_row = np.concatenate([r, r[1:][same]])
    n_feats = np.int64(len(words) + len(bigram))
    code, _, count = _distinct(feat_row * n_feats + feat)
    rows, cols = code // n_feats, code % n_feats  # sorted by row, then feature
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    df = np.bincount(cols, minlength=n_feats)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    idf[(df > max_df * n) & (df > min_drop)] = 0.0
    data = (1.0 + np.log(count)) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    norms[norms == 0] = 1.0
    m = sparse.csr_matrix((data / norms[rows], cols, indptr), shape=(n, int(n_feats)))
    m.eliminate_zeros()
    return m


def vectorise(texts: list[str], max_df: float = 1.0, min_drop: int = 50) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF (sublinear tf, smoothed idf) over words and bigrams.

    Features found in more than ``max_df`` of the texts, and in more than ``min_drop`` of
    them (so that small inputs keep every word), are dropped. Stop words are left out, and
    a bigram is two words next to each other once they are.

    >>> x = vectorise(["reduce crime in towns", "reduce crime", "grow the economy"])
    >>> x.shape[0], round(float((x[0] @ x[1].T).toarray()[0, 0]), 2)
    (3, 0.68)
    """
    row, word, words = _tokens([normalise(t) for t in texts])
    return _tfidf(row, word, words, len(texts), max_df, min_drop)


def _probes(x: sparse.csr_matrix, probes: int) -> tuple[np.ndarray, np.ndarray]:
    """(feature, row) of each row's ``probes`` heaviest TF-IDF features (its rarest words)
    among those found in at least two rows (a typo's word meets nothing)."""
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    shared = np.bincount(x.indices, minlength=x.shape[1])[x.indices] > 1
    order = np.lexsort((-x.data, ~shared, rows))  # row by row, shared first, heaviest first
    rank = np.arange(len(order)) - x.indptr[rows[order]]
    keep = order[(rank < probes) & shared[order]]
    return x.indices[keep], rows[keep]


def _orders(row: np.ndarray, word: np.ndarray, n: int, sorts: int = 2,
            depth: int = 32) -> list[np.ndarray]:
    """Each row's rank in ``sorts`` orders of the rows: by their words in alphabetical order,
    in reverse alphabetical order, then in orders of the words shuffled (seeded, so always
    the same). A row's first ``depth`` words (in that order) decide; a shorter row comes
    before a longer one it begins."""
    n_words = int(word.max()) + 1 if len(word) else 1
    shuffle = np.random.default_rng(22)
    ranks = []
    for k in range(sorts):
        place = (np.arange(n_words) if k == 0 else np.arange(n_words)[::-1] if k == 1
                 else shuffle.permutation(n_words))  # each word's place in this order
        w = place[word]
        order = np.lexsort((w, row))
        r, w = row[order], w[order]
        lens = np.bincount(r, minlength=n)
        pos = np.arange(len(r)) - np.concatenate([[0], np.cumsum(lens)])[r]
        width = int(min(depth, lens.max())) if len(r) else 0
        grid = np.full((n, max(width, 1)), -1, dtype=np.int64)
        inside = pos < width
        grid[r[inside], pos[inside]] = w[inside]
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort(grid.T[::-1])] = np.arange(n)
        ranks.append(rank)
    return ranks


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


def _cosines(x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray,
             chunk: int = 250_000) -> np.ndarray:
    """Cosine of rows i[k] and j[k] of unit-length x, in chunks of pairs."""
    out = np.empty(len(i), dtype=np.float32)
    for s in range(0, len(i), chunk):
        sl = slice(s, s + chunk)
        out[sl] = np.asarray(x[i[sl]].multiply(x[j[sl]]).sum(axis=1)).ravel()
    return np.minimum(out, np.float32(1.0))


def _words_of(x: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(row, feature) of every stored entry of x: the words blocking sorts by when no texts
    are given."""
    return np.repeat(np.arange(x.shape[0], dtype=np.int64), np.diff(x.indptr)), \
        x.indices.astype(np.int64)


def blocked_pairs(x: sparse.csr_matrix, keys: list[str] | None = None, probes: int = 6,
                  window: int = 3, sorts: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i < j) the candidate search compares: rows sharing one of their ``probes``
    rarest features and at most ``window`` apart in one of that feature's ``sorts`` orders
    (:func:`_orders`, by the words of ``keys``, or of x's features without them). At most
    ``probes * sorts * window`` per row."""
    row, word = _words_of(x) if keys is None else _tokens(keys)[:2]
    return _blocked(x, row, word, probes, window, sorts)


def _blocked(x: sparse.csr_matrix, row: np.ndarray, word: np.ndarray, probes: int,
             window: int, sorts: int = 2) -> tuple[np.ndarray, np.ndarray]:
    n = x.shape[0]
    feat, at = _probes(x, probes)
    code = np.concatenate([_window_pairs(feat, at, rank, window)
                           for rank in _orders(row, word, n, sorts)])
    code.sort()  # in place: the pairs are most of this stage's memory
    code = code[np.r_[True, code[1:] != code[:-1]]] if len(code) else code
    index = np.int32 if n < 2**31 else np.int64
    i, j = (code // n).astype(index), (code % n).astype(index)
    keep = np.flatnonzero(i != j)
    return i[keep], j[keep]


def _top_k(i: np.ndarray, j: np.ndarray, cos: np.ndarray, n: int, top_k: int,
           chunk: int = 50_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (i < j, sorted) among which each row keeps its ``top_k`` best by cosine
    (a pair stays when either of its rows keeps it), ``chunk`` rows at a time so that the
    memory it takes is a share of the pairs', not twice them."""
    kept = [_best(np.concatenate([i[m], j[w]]), np.concatenate([j[m], i[w]]),
                  np.concatenate([cos[m], cos[w]]), n, top_k)
            for lo in range(0, n, chunk)
            for m, w in [(np.flatnonzero((i >= lo) & (i < lo + chunk)),
                          np.flatnonzero((j >= lo) & (j < lo + chunk)))]]
    src = np.concatenate([k[0] for k in kept]) if kept else np.zeros(0, dtype=np.int64)
    dst = np.concatenate([k[1] for k in kept]) if kept else np.zeros(0, dtype=np.int64)
    both = np.concatenate([k[2] for k in kept]) if kept else np.zeros(0, dtype=np.float32)
    lo_, hi_ = np.minimum(src, dst), np.maximum(src, dst)
    code = lo_.astype(np.int64) * np.int64(n) + hi_
    order = np.argsort(code)  # both rows of a pair give it the same cosine
    code, score = code[order], both[order]
    first = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, dtype=bool)
    return code[first] // n, code[first] % n, score[first]


def _best(src: np.ndarray, dst: np.ndarray, both: np.ndarray, n: int,
          top_k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(src, dst, cosine) of each src's ``top_k`` best entries. Only rows with more than
    ``top_k`` are ranked, by one sort of a key made of row, cosine and other row (no ties)."""
    crowded = np.bincount(src, minlength=n)[src] > top_k
    c = np.flatnonzero(crowded)
    bits = max(1, int(n).bit_length())
    fine = 63 - 2 * bits  # the bits left for the cosine between row and other row
    if fine >= 16:  # built in place
        key = src[c].astype(np.int64)
        key <<= fine + bits
        q = both[c].astype(np.float64)
        np.subtract(1.0, q, out=q)
        q *= (1 << fine) - 1
        np.rint(q, out=q)
        part = q.astype(np.int64)
        del q
        part <<= bits
        key |= part
        part[:] = dst[c]
        key |= part
        del part
        order = np.argsort(key)
        del key
        order = c[order]
    else:  # too many rows to pack into one int64 key
        order = c[np.lexsort((dst[c], -both[c], src[c]))]
    del c
    ranked = src[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(order) \
        else np.zeros(0, dtype=np.int64)
    del ranked
    place = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    best = np.concatenate([np.flatnonzero(~crowded), order[place < top_k]])
    return src[best], dst[best], both[best]


def _similar(x: sparse.csr_matrix, row: np.ndarray, word: np.ndarray, top_k: int,
             min_score: float, probes: int, window: int,
             sorts: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`similar_pairs` as arrays (i, j, cosine), from the words blocking sorts by."""
    i, j = _blocked(x, row, word, probes, window, sorts)
    cos = _cosines(x, i, j)
    good = np.flatnonzero(cos >= min_score)
    i, j, cos = i[good], j[good], cos[good]  # the blocked pairs' arrays are let go here
    del good
    return _top_k(i, j, cos, x.shape[0], top_k)


def similar_pairs(x: sparse.csr_matrix, top_k: int, min_score: float,
                  keys: list[str] | None = None, probes: int = 6, window: int = 3,
                  sorts: int = 4) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j: each i's top_k neighbours at or above min_score among its
    candidates, the rows it meets in the blocks of its ``probes`` rarest features.

    Each block is sorted ``sorts`` times (by its rows' words in alphabetical order, in
    reverse order, and in seeded shuffled orders of the words) and a row meets only the
    ``window`` rows after it in each sort, so a row's work is bounded
    (``probes * sorts * window`` pairs) however common its words are: linear in the rows.
    Every step is a numpy pass over all rows or pairs; none is a loop over rows in Python.
    """
    row, word = _words_of(x) if keys is None else _tokens(keys)[:2]
    i, j, cos = _similar(x, row, word, top_k, min_score, probes, window, sorts)
    return list(zip(i.tolist(), j.tolist(), cos.astype(np.float64).tolist(), strict=True))


def candidate_arrays(texts: list[str], cfg: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) worth scoring, as two arrays: each text's nearest neighbours by TF-IDF
    cosine among the texts that share one of its rarest words (:func:`similar_pairs`). The
    texts are split into words once, for the TF-IDF rows and the blocks' sorts alike."""
    row, word, words = _tokens([normalise(t) for t in texts])
    x = _tfidf(row, word, words, len(texts), cfg["max_df"], 50)
    i, j, _ = _similar(x, row, word, cfg["top_k"], cfg["candidate_score"], cfg["probes"],
                       cfg["window"], cfg.get("sorts", 4))
    return i, j


def candidates(texts: list[str], cfg: dict[str, Any]) -> list[tuple[int, int]]:
    """Pairs (i < j) worth scoring: :func:`candidate_arrays` as a list."""
    i, j = candidate_arrays(texts, cfg)
    return list(zip(i.tolist(), j.tolist(), strict=True))


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
                  word_vectors: WordVectors | None = None,
                  cfg: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
    """The semantic score's inputs for pairs of normalised texts: ``cosine`` (meaning),
    ``edit`` (wording: token_sort_ratio, 0 to 1), ``shared`` (the share of the shorter
    text's words, stop words left out, that the longer one has), ``length`` (the shorter
    text's number of words over the longer's), ``excess`` (wording beyond what the
    meaning explains, ``max(0, edit - cosine)``: two texts that share most of their words
    yet mean less alike are the same topic, other work) and ``contrast`` (``shared`` times
    how unlike the words each text has and the other lacks are: ``1 - cosine`` of the
    sums of their word vectors, 0 when either text has no word of its own; 'Reduce
    loneliness among *older* people' against '... *young* people' shares the frame and
    contrasts the rest), and for a short text against one at least twice as long (a heading
    against its commitment) ``meaning`` (the cosine, or the shorter text's best cosine
    against a run of the longer's words if higher) and ``cover`` (how well the longer names
    the shorter's every word): :func:`_headings`; other pairs' ``meaning`` is their cosine
    and their ``cover`` 0. ``word_vectors`` embeds short texts, single words and runs of
    words (unit rows); without it ``contrast`` and ``cover`` are 0 and ``meaning`` the cosine.
    ``groups`` is 1 when each text names a part of the population that the other does not
    (:func:`_other_groups`). ``cfg`` is the rules' ``duplicates.semantic`` (the shipped rules'
    when None): ``heading_words`` and ``run_extra`` say which pairs are a heading against a
    commitment, ``groups`` the parts of the population.

    >>> f = pair_features(["help smokers to quit"], ["help smokers to quit smoking for good"],
    ...                   np.array([0.9]))
    >>> {k: round(float(v[0]), 2) for k, v in f.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'cosine': 0.9, 'edit': 0.7, 'shared': 1.0, 'length': 0.57, 'excess': 0.0, 'contrast': 0.0,
     'meaning': 0.9, 'cover': 0.0, 'groups': 0.0}
    """
    n = len(a)
    return features_at([*a, *b], np.arange(n), np.arange(n, 2 * n), cosine, word_vectors,
                       cfg)


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
                word_vectors: WordVectors | None = None,
                cfg: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
    """:func:`pair_features` of the pairs (keys[i[k]], keys[j[k]]), vectorised: words in
    common from a sparse text-by-word matrix, in chunks of pairs (no loop over pairs)."""
    if cfg is None:
        cfg = load_rules()["duplicates"]["semantic"]
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
    meaning, cover = (_headings(keys, x, list(vocab), i, j, cosine, word_vectors,
                                int(cfg["heading_words"]), int(cfg["run_extra"]))
                      if word_vectors else (cosine, np.zeros(len(i))))
    return {"cosine": cosine, "edit": edit, "shared": shared,
            "length": np.minimum(n_words[i], n_words[j])
            / np.maximum(1.0, np.maximum(n_words[i], n_words[j])),
            "excess": np.maximum(0.0, edit - cosine), "contrast": shared * unlike,
            "meaning": meaning, "cover": cover,
            "groups": _other_groups(keys, i, j, cfg.get("groups") or {})}


def _other_groups(keys: list[str], i: np.ndarray, j: np.ndarray,
                  groups: dict[str, list[str]]) -> np.ndarray:
    """1.0 for pairs (keys[i], keys[j]) in which each text names a part of the population
    (``groups``: the rules' groups, each a name and the words that name it) that the other
    does not name: the same work for other people ('... children's mental health services' /
    '... adult mental health services'), else 0.0. Naming a group against naming none is a
    narrowing, not a conflict ('older people' / 'people').

    >>> _other_groups(["cut waits for childrens services", "cut waits for adult services",
    ...                "cut waits for services"], np.array([0, 0]), np.array([1, 2]),
    ...               {"children": ["childrens"], "adults": ["adult"]}).tolist()
    [1.0, 0.0]
    """
    if not groups or not len(i):
        return np.zeros(len(i))
    word_group = {w: g for g, (_, words) in enumerate(sorted(groups.items())) for w in words}
    named = np.zeros((len(keys), len(groups)), dtype=bool)
    for t, text in enumerate(keys):
        for w in text.split():
            if w in word_group:
                named[t, word_group[w]] = True
    gi, gj = named[i], named[j]
    return ((gi & ~gj).any(axis=1) & (gj & ~gi).any(axis=1)).astype(np.float64)


def _headings(keys: list[str], x: sparse.csr_matrix, vocab: list[str], i: np.ndarray,
              j: np.ndarray, cosine: np.ndarray, vectors: WordVectors, heading_words: int,
              run_extra: int) -> tuple[np.ndarray, np.ndarray]:
    """(meaning, cover) of pairs (keys[i], keys[j]) in which one text has at most
    ``heading_words`` content words (the rules' ``heading_words``) and at most half the
    other's: a heading or a theme against the commitment written under it.

    Such a commitment says its heading's topic in a few words somewhere inside it and adds
    the means, the partners and the people ('Violence against women and girls' / 'Work with
    partners to reduce domestic abuse and sexual violence against women'); the mean of its
    words' vectors is mostly that elaboration, so the whole-text cosine is low. ``meaning``
    is the larger of the cosine and the best cosine of the shorter text against the runs of
    the longer one's words (each as long as the shorter text's content words and
    ``run_extra`` more: the rules' ``run_extra``). ``cover`` is how well the commitment names
    each of the heading's words: the worst of the shorter text's content words' best cosine
    to the longer text's content words (1 for a word it has; 'Empty homes' / '... vacant
    properties ... as homes'). Other pairs keep their cosine and have ``cover`` 0. Runs and
    words are embedded by ``vectors`` (each distinct text once)."""
    meaning = np.array(cosine, dtype=np.float64)
    cover = np.zeros(len(i))
    sizes = np.diff(x.indptr)
    small = sizes[i] <= sizes[j]
    short, long_ = np.where(small, i, j), np.where(small, j, i)
    picked = np.flatnonzero((sizes[short] > 0) & (sizes[short] <= heading_words)
                            & (2 * sizes[short] <= sizes[long_]))
    if not len(picked):
        return meaning, cover
    texts: dict[str, int] = {}
    runs_of = []
    for s, l_ in zip(short[picked].tolist(), long_[picked].tolist(), strict=True):
        texts.setdefault(keys[s], len(texts))
        words, n = keys[l_].split(), int(sizes[s]) + run_extra
        runs_of.append([texts.setdefault(" ".join(words[p:p + n]), len(texts))
                        for p in range(len(words) - n + 1)])
    used = np.unique(np.concatenate([x[short[picked]].indices, x[long_[picked]].indices]))
    got = np.asarray(vectors(list(texts) + [vocab[w] for w in used.tolist()]),
                     dtype=np.float32)
    run_vecs, word_vecs = got[:len(texts)], np.zeros((len(vocab), got.shape[1]), np.float32)
    word_vecs[used] = got[len(texts):]
    for k, s, l_, runs in zip(picked.tolist(), short[picked].tolist(),
                              long_[picked].tolist(), runs_of, strict=True):
        head = run_vecs[texts[keys[s]]]
        if runs:
            meaning[k] = max(meaning[k], float((run_vecs[runs] @ head).max()))
        ws = x.indices[x.indptr[s]:x.indptr[s + 1]]
        wl = x.indices[x.indptr[l_]:x.indptr[l_ + 1]]
        cover[k] = float((word_vecs[ws] @ word_vecs[wl].T).max(axis=1).min())
    return np.minimum(meaning, 1.0), cover.clip(-1.0, 1.0)


def heading_pairs(keys: list[str], i: np.ndarray, j: np.ndarray,
                  heading_words: int) -> np.ndarray:
    """True for pairs (keys[i], keys[j]) of normalised texts that are a heading against a
    commitment (:func:`_headings`' gate: the shorter has at most ``heading_words`` content
    words and at most half the longer's) *and* whose shorter text reads as a heading, a
    topic named: it does not begin with 'a' or 'an' and holds no digit. 'Rural isolation',
    'Money' and 'Prevent radicalisation' read as headings; 'an annual partnership
    conference' and 'build 60 council homes' are short actions written as a phrase, a thing
    to be done once, not a topic with work under it.

    >>> heading_pairs(["rural isolation", "an annual partnership conference",
    ...                "run a community transport service for people in remote villages"],
    ...               np.array([0, 1]), np.array([2, 2]), 4).tolist()
    [True, False]
    """
    sizes = np.array([len(content_words(k)) for k in keys], dtype=np.int64)
    if not len(i):
        return np.zeros(0, dtype=bool)
    small = sizes[i] <= sizes[j]
    short, long_ = np.where(small, i, j), np.where(small, j, i)
    like = np.array([bool(k) and k.split()[0] not in ("a", "an")
                     and not any(c.isdigit() for c in k) for k in keys], dtype=bool)
    return ((sizes[short] > 0) & (sizes[short] <= heading_words)
            & (2 * sizes[short] <= sizes[long_]) & like[short])


def mutual_best(i: np.ndarray, j: np.ndarray, score: np.ndarray, n: int) -> np.ndarray:
    """True for pairs k whose score is the highest of any pair of i[k] and of any pair of
    j[k] (ties count for both): the two texts are each other's best match among the pairs
    given.

    >>> mutual_best(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.7, 0.5, 0.8]),
    ...             3).tolist()
    [False, False, True]
    """
    best = np.full(n, -np.inf)
    np.maximum.at(best, i, score)
    np.maximum.at(best, j, score)
    return (score >= best[i]) & (score >= best[j])


def lifted_headings(f: dict[str, np.ndarray], sem: np.ndarray, model: dict[str, float],
                    copy_at: float, heading: np.ndarray, lift: float, i: np.ndarray,
                    j: np.ndarray, n: int, apart: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(scores, lifted) of candidate pairs (i[k], j[k]) once headings against their
    commitments may pass the cap (:func:`~.semantic.calibrated`) by up to ``lift``, where
    the landscape says so: a pair of ``heading`` (:func:`heading_pairs`) scores the model's
    uncapped score, at most ``max(meaning, shared) + lift``, when the two texts are each
    other's best match among the pairs of texts ``apart`` (in other strategies; all pairs
    when None), those raised scores counted. A heading matches many commitments; it is lifted
    only against the one that matches it, and only if that commitment matches it best too.
    ``n`` is the number of texts (i and j index them). Other pairs keep ``sem``."""
    from .semantic import calibrated

    if not lift or not heading.any():
        return sem, np.zeros(len(sem), dtype=bool)
    free = calibrated(f, model, f["edit"], copy_at, cap=False)
    room = np.maximum(f["meaning"] if "meaning" in model else f["cosine"], f["shared"]) + lift
    raised = np.where(heading, np.maximum(sem, np.minimum(free, room)), sem)
    apart = np.ones(len(sem), dtype=bool) if apart is None else apart
    mutual = np.zeros(len(sem), dtype=bool)
    mutual[apart] = mutual_best(i[apart], j[apart], raised[apart], n)
    lifted = heading & mutual & (raised > sem)
    return np.where(lifted, raised, sem), lifted


def place_names(kg: KnowledgeGraph, kinds: tuple[str, ...] | list[str] | None = None
                ) -> list[str]:
    """The names of the graph's areas that a statement could mention, of ``kinds`` (all
    kinds when None; names with a digit, such as small statistical areas', left out),
    most words first."""
    names = {kg.label(a).strip() for a in kg.nodes("Area")
             if kinds is None or kg.nx.nodes[a].get("kind") in kinds}
    return sorted((n for n in names if n and not any(c.isdigit() for c in n)),
                  key=lambda n: (-len(n.split()), n))


def mask_places(texts: list[str], names: list[str],
                words: tuple[str, ...] | list[str] = ()) -> list[str]:
    """``texts`` without the place names they mention: ``names`` (as written, whole words, a
    possessive too: 'Hertfordshire's') and the words that only say where
    (``words``, any case: 'district', 'borough'...), so that two statements do not look alike
    for naming the same place, nor unlike for naming two. A text that would be left empty is
    kept as it was.

    >>> mask_places(["Regenerate Hertfordshire's larger towns",
    ...              "Offer perpetrator programmes in every district", "Hertfordshire"],
    ...             ["Hertfordshire"], ["district"])
    ['Regenerate larger towns', 'Offer perpetrator programmes in every', 'Hertfordshire']
    """
    if not names and not words:
        return list(texts)
    by_first: dict[str, list[list[str]]] = {}
    for name in names:
        parts = name.split()
        by_first.setdefault(parts[0], []).append(parts)
    generic = {w.lower() for w in words}
    out = []
    for text in texts:
        tokens = text.split()
        bare = [_POSSESSIVE.sub("", _EDGE.sub("", t)) for t in tokens]
        if not any(b in by_first or b.lower() in generic for b in bare):
            out.append(text)
            continue
        keep, k = [], 0
        while k < len(tokens):
            hit = next((len(p) for p in by_first.get(bare[k], ())
                        if bare[k:k + len(p)] == p), 0)
            if hit:
                k += hit
                continue
            if bare[k].lower() not in generic:
                keep.append(tokens[k])
            k += 1
        out.append(" ".join(keep) or text)
    return out


def _spelled(acronym: str, spans: list[tuple[int, int, str]], other: str,
             joiners: frozenset[str]) -> str | None:
    """The part of ``other`` (its words: ``spans``, each start, end and lower-case word; a
    hyphen parts words, so 'multi-agency' gives M and A) whose words' initials are
    ``acronym``'s letters in order, the small words of ``joiners`` allowed between them
    (not first), as ``other`` writes it; or None."""
    letters = acronym.lower()
    for start, (begin, _, first) in enumerate(spans):
        if first[0] != letters[0] or first in joiners:
            continue
        k, p = start, 0
        while k < len(spans) and p < len(letters):
            w = spans[k][2]
            if w[0] == letters[p]:
                p, k = p + 1, k + 1
            elif w in joiners:
                k += 1
            else:
                break
        if p == len(letters):
            return other[begin:spans[k - 1][1]]
    return None


class _Words:
    """A text's words (spans), their set and initials, and its acronyms that it does not
    spell out itself ('the Community Safety Partnership (the CSP)'), worked out once a
    text."""

    def __init__(self, text: str, joiners: frozenset[str]) -> None:
        self.text, self._spans = text, None
        self.words = set(_INITIALS.findall(text.lower()))
        self.initials = {w[0] for w in self.words}
        self.acronyms = ({m.group(1) for m in _ACRONYM.finditer(text)
                          if not _spelled(m.group(1), self.spans, text, joiners)}
                         if _ACRONYM.search(text) else set())

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        if self._spans is None:
            self._spans = [(m.start(), m.end(), m.group(0).lower())
                           for m in _INITIALS.finditer(self.text)]
        return self._spans


def _spell_one(text: str, own: _Words, other: str, theirs: _Words,
               joiners: frozenset[str]) -> str:
    """``text`` with each acronym that ``other`` writes out in words in their place (not one
    both write, nor one ``text`` spells out itself)."""
    found = {}
    for acronym in own.acronyms:
        low = acronym.lower()
        if low in theirs.words or low + "s" in theirs.words or not set(low) <= theirs.initials:
            continue
        got = _spelled(acronym, theirs.spans, other, joiners)
        if got is not None:
            found[acronym] = got
    if not found:
        return text

    def sub(m: re.Match[str]) -> str:
        got = found.get(m.group(1))
        if got is None:
            return m.group(0)
        return got + ("s" if m.group(2) and not got.endswith("s") else "")

    return _ACRONYM.sub(sub, text)


def spell_out(texts: list[str], i: np.ndarray, j: np.ndarray,
              joiners: tuple[str, ...] | list[str] = ()
              ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Pairs (texts[i[k]], texts[j[k]]) with an acronym of one text written out where the
    other text spells its words ('MARAC' against '... multi-agency risk assessment
    conference ...'; 'IDVAs' against 'Independent Domestic Violence Advisers'), so that the
    meaning and the wording of the pair compare like with like: a plan naming a programme by
    its initials and another by its words name the same thing. ``joiners`` are the small
    words a name may hold between its initials ('and', 'of'...: the rules'
    ``acronym_joiners``). Returns (``texts`` with the rewritten texts after them, and each
    pair's indices into that list); only pairs in which a text has an acronym of 3 to 8
    capitals are looked at; a text in capitals throughout, and an acronym its own text
    spells out ('the Community Safety Partnership (the CSP)'), are left alone.

    >>> t, i, j = spell_out(["Run a MARAC", "Hold multi-agency risk assessment conferences",
    ...                      "Hold a MARAC"], np.array([0, 0]), np.array([1, 2]), ["and"])
    >>> [(t[a], t[b]) for a, b in zip(i, j)]  # doctest: +NORMALIZE_WHITESPACE
    [('Run a multi-agency risk assessment conferences', 'Hold multi-agency risk assessment
      conferences'), ('Run a MARAC', 'Hold a MARAC')]
    """
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    some = np.array([bool(_ACRONYM.search(t)) and not (t.isupper()
                                                        and len(_INITIALS.findall(t)) > 1)
                     for t in texts], dtype=bool)
    touched = np.flatnonzero(some[i] | some[j]) if len(i) and some.any() else []
    if not len(touched):
        return list(texts), i, j
    out, at, i, j = list(texts), {}, i.copy(), j.copy()
    small = frozenset(w.lower() for w in joiners)
    words: dict[int, _Words] = {}

    def of(t: int) -> _Words:
        if t not in words:
            words[t] = _Words(texts[t], small)
        return words[t]

    for k in touched.tolist():
        a, b = int(i[k]), int(j[k])
        for side, x, y in ((i, a, b), (j, b, a)):
            if not some[x] or not of(x).acronyms:
                continue
            new = _spell_one(texts[x], of(x), texts[y], of(y), small)
            if new != texts[x]:
                side[k] = at.setdefault(new, len(out))
                if side[k] == len(out):
                    out.append(new)
    return out, i, j


def spell_out_pairs(a: list[str], b: list[str], joiners: tuple[str, ...] | list[str] = ()
                    ) -> tuple[list[str], list[str]]:
    """:func:`spell_out` of the pairs (a[k], b[k]), as two lists."""
    n = len(a)
    texts, i, j = spell_out([*a, *b], np.arange(n), np.arange(n, 2 * n), joiners)
    return [texts[k] for k in i.tolist()], [texts[k] for k in j.tolist()]


def pair_scores(a: list[str], b: list[str], rules: dict[str, Any],
                method: str = "lexical") -> np.ndarray:
    """The score of each pair (a[i], b[i]) under ``method``, 0 to 1 (no candidate search).

    >>> pair_scores(["Tackle hunger and food poverty"], ["Tackle food poverty & hunger"],
    ...             {"duplicates": {}}).tolist()
    [1.0]
    """
    if method == "semantic":
        from . import semantic
        cfg = rules["duplicates"]
        words = cfg["semantic"].get("place_words", ())
        a, b = mask_places(a, [], words), mask_places(b, [], words)
        a, b = spell_out_pairs(a, b, cfg["semantic"].get("acronym_joiners", ()))
        na, nb = [normalise(t) for t in a], [normalise(t) for t in b]
        uniq = sorted(set(a) | set(b))
        vecs = semantic.embed(uniq, cfg["semantic"])
        at = {t: k for k, t in enumerate(uniq)}
        cos = np.einsum("ij,ij->i", vecs[[at[t] for t in a]], vecs[[at[t] for t in b]])
        f = pair_features(na, nb, cos, lambda words: semantic.embed_cached(
            words, cfg["semantic"])[0], cfg["semantic"])
        return semantic.calibrated(f, cfg["semantic"]["score"], f["edit"], cfg["min_score"])
    return edit_scores([normalise(t) for t in a], [normalise(t) for t in b])


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
         model: dict[str, float] | None, masked: bool = False, spelt: bool = False,
         lifted: bool = False) -> str:
    """What drove a pair's score, in words (and whether place names were left out of it)."""
    if f is None:
        return f"{score:.2f}: edit score (wording)"
    part = f.get("meaning", f["cosine"]) > f["cosine"]
    meaning = (f"meaning {f['meaning']:.2f} (the shorter text against part of the longer; "
               f"whole {f['cosine']:.2f})" if part else f"meaning {f['cosine']:.2f}")
    parts = (f"{meaning}, wording {f['edit']:.2f}, "
             f"shared words {f['shared']:.2f}, length {f['length']:.2f}, "
             f"contrast {f.get('contrast', 0.0):.2f}"
             + (f", the shorter's words named {f['cover']:.2f}" if f.get("cover", 0.0) > 0
                else "")
             + ("; place names left out" if masked else "")
             + ("; an acronym read as the other text spells it" if spelt else "")
             + ("; a heading and its commitment, each the other's best match here, so past "
                "the meaning's cap" if lifted else ""))
    if f["edit"] >= copy_at and f.get("groups", 0.0) > 0:
        parts += "; the wording of a copy for other people (groups), so not a copy"
    elif f["edit"] >= copy_at:
        return f"{score:.2f}: a copy by wording; {parts}"
    terms = {k: float(w) * f[k] for k, w in (model or {}).items() if k != "intercept"}
    names = {"cosine": "meaning", "meaning": "meaning", "edit": "wording",
             "shared": "shared words", "length": "lengths",
             "cover": "the shorter text's words named in the longer"}
    top = max(terms, key=lambda k: terms[k]) if terms else "cosine"
    return f"{score:.2f}: mostly {names.get(top, top)}; {parts}"


def _scored(texts: list[str], cfg: dict[str, Any], method: str, keys: list[str],
            cache: Any, threshold: float, places: list[str] | None = None,
            plans: list[Any] | None = None) -> list[tuple[int, int, float, str]]:
    """(i, j, score, why) for every candidate pair scoring at least ``threshold``: the
    lexical candidates, and with ``semantic`` each text's nearest neighbours by meaning,
    scored on the texts without their place names (``places`` and the rules'
    ``place_words``: :func:`mask_places`), headings lifted where they and their commitment
    are each other's best match among the pairs of texts in other ``plans`` (all pairs when
    None: :func:`lifted_headings`)."""
    if method == "semantic":
        from . import semantic
        pairs = candidates(keys, cfg)
        scfg = cfg["semantic"]
        seen = mask_places(texts, places or [], scfg.get("place_words", ()))
        masked = np.array([a != b for a, b in zip(seen, texts, strict=True)], dtype=bool)
        texts, keys = seen, [normalise(t) for t in seen]
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
        spelt, si, sj = spell_out(texts, i, j, scfg.get("acronym_joiners", ()))
        if len(spelt) > len(texts):  # rewritten texts: their vectors too
            extra, _ = semantic.embed_cached(spelt[len(texts):], scfg, lookup, keep)
            vecs = np.vstack([vecs, extra])
            keys = keys + [normalise(t) for t in spelt[len(texts):]]
        f = features_at(keys, si, sj, semantic.pair_cosines(vecs, si, sj),
                        lambda words: semantic.embed_cached(words, scfg, lookup, keep)[0],
                        scfg)
        sem = semantic.calibrated(f, scfg["score"], f["edit"], cfg["min_score"])
        lift = float(scfg.get("heading_lift", 0.0))
        lifted = np.zeros(len(sem), dtype=bool)
        if lift:
            apart = None
            if plans is not None:  # one number per plan, compared pair by pair in numpy
                number = {p: k for k, p in enumerate(dict.fromkeys(plans))}
                plan = np.fromiter(map(number.__getitem__, plans), dtype=np.int64,
                                   count=len(plans))
                apart = plan[i] != plan[j]
            sem, lifted = lifted_headings(
                f, sem, scfg["score"], cfg["min_score"],
                heading_pairs(keys, si, sj, int(scfg["heading_words"])), lift, i, j,
                int(n), apart)
        kept = np.flatnonzero(sem >= threshold)
        spelled = (si != i) | (sj != j)
        return [(int(i[k]), int(j[k]), float(sem[k]),
                 _why(float(sem[k]), {n_: float(v[k]) for n_, v in f.items()},
                      cfg["min_score"], scfg["score"], bool(masked[i[k]] or masked[j[k]]),
                      bool(spelled[k]), bool(lifted[k])))
                for k in kept.tolist()]
    i, j = candidate_arrays(keys, cfg)
    scores = edit_scores([keys[k] for k in i.tolist()], [keys[k] for k in j.tolist()])
    kept = np.flatnonzero(scores >= threshold)
    return [(int(i[k]), int(j[k]), float(scores[k]), _why(float(scores[k]), None,
                                                           cfg["min_score"], None))
            for k in kept.tolist()]


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
    keys = [near_key(t) if kind == "organisations" else normalise(t) for t in texts]
    rows = []
    places = (place_names(kg, cfg["semantic"].get("place_kinds"))
              if method == "semantic" else None)
    plans = None if kind == "organisations" or within else strategies
    for i, j, score, why in _scored(texts, cfg, method, keys, kg.embedding_cache, threshold,
                                    places, plans):
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

    # a plan's name and owners and an action's source, once each: a landscape's rows name
    # each plan and action many times (60,884 look-ups for 30,442 rows at 10,000 actions)
    plan: dict[str | None, tuple[str, str]] = {}
    source: dict[int, str] = {}

    def about(s: str | None) -> tuple[str, str]:
        if s not in plan:
            plan[s] = (kg.label(s), ", ".join(kg.label(o) for o in kg.into(s, "OWNS"))) \
                if s else ("", "")
        return plan[s]

    def where(k: int) -> str:
        if k not in source:
            source[k] = evidence(kg, nodes[k])
        return source[k]

    out = [[cluster_of[nodes[i]], round(score, 4), nodes[i], nodes[j], texts[i], texts[j],
            about(strategies[i])[0], about(strategies[j])[0],
            about(strategies[i])[1], about(strategies[j])[1], where(i), where(j), why]
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

    def needs(self, **params: Any) -> Needs:
        """The actions with the plans they belong to (by scope, or for an action without
        one the strategies, themes and objectives above it) and the bodies that own those
        plans, or with ``kind=organisations`` the bodies alone; each node with its sources
        (the evidence column), no edge's; and the ``area`` asked about, with the COVERS
        edges to it; by meaning, the areas whose names are left out of the score (the rules'
        ``place_kinds``). No other area, person or link is read."""
        area = params.get("area")
        ids = (area_id(area),) if area else ()
        if params.get("kind") == "organisations":
            return Needs(whole=False, types=("Organisation", "Partnership"), areas=ids,
                         edge_provenance=False)
        cfg = (params.get("rules") or load_rules())["duplicates"]
        places = () if resolve_method(cfg, params.get("method"))[0] == "lexical" else tuple(
            cfg["semantic"].get("place_kinds", ()))
        return Needs(whole=False, types=("Action", "Strategy", "Organisation", "Partnership"),
                     kinds=places, edges=("OWNS", "COVERS"), plans=True, areas=ids,
                     edge_provenance=False)

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
