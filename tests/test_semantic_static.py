"""The static first stage that bench.semantic_static measures (issue 17): static vectors of
texts from their words' vectors, and candidates by them with MiniLM only on the texts of
pairs at or above a floor, on real labelled pairs."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from conftest import bench_module, need_semantic
from lspgraph import queries
from lspgraph.queries import duplicates as dup
from lspgraph.queries import semantic

st = bench_module("semantic_static")
RULES = queries.load_rules()["duplicates"]


def _words(vectors: dict[str, list[float]]):
    return lambda words: np.array([vectors[w] for w in words], dtype=np.float32)


def test_static_vectors_weigh_rare_words_up_and_leave_wordless_texts_at_zero():
    keys = ["reduce smoking", "reduce obesity", "reduce smoking", "the and of"]
    vecs, n_words = st.static_vectors(keys, _words({"reduce": [1, 0, 0], "smoking": [0, 1, 0],
                                                    "obesity": [0, 0, 1]}))
    assert n_words == 3
    assert not vecs[3].any()  # stop words only: no content word, no direction
    np.testing.assert_allclose(np.linalg.norm(vecs[:3], axis=1), 1.0, rtol=1e-6)
    # 'reduce' is in three texts of four, 'smoking' in two: smoking weighs more
    assert vecs[0][1] > vecs[0][0] > 0
    assert vecs[0] @ vecs[2] == pytest.approx(1.0)


@pytest.fixture(scope="module")
def pool():
    """Real labelled pairs pooled as one landscape: the first 30 copies and edits, 30
    paraphrases and 30 hard negatives of tests/data/duplicate_pairs.csv, with MiniLM and
    static vectors."""
    need_semantic()
    with open(st.PAIRS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    picked = [r for kind in ("copy_or_edit", "paraphrase", "hard_negative")
              for r in [r for r in rows if r["kind"] == kind][:30]]
    texts = sorted({t for r in picked for t in (r["a"], r["b"])})
    keys = [dup.normalise(t) for t in dup.mask_places(
        texts, [], RULES["semantic"].get("place_words", ()))]
    cfg = RULES["semantic"]
    vecs = semantic.embed(keys, cfg)
    static, _ = st.static_vectors(keys, lambda words: semantic.embed(words, cfg))
    at = {t: k for k, t in enumerate(texts)}
    true = {tuple(sorted((at[r["a"]], at[r["b"]]))): r["kind"] for r in picked
            if r["label"] == "1"}
    li, lj = dup.candidate_arrays(keys, RULES)
    return keys, vecs, static, set(zip(li.tolist(), lj.tolist(), strict=True)), true


def test_real_copies_are_near_by_static_vectors(pool):
    keys, _, static, _, true = pool
    copies = np.array([p for p, kind in true.items() if kind == "copy_or_edit"])
    assert len(copies) >= 20
    cos = np.einsum("ij,ij->i", static[copies[:, 0]], static[copies[:, 1]])
    assert cos.min() >= 0.8, [keys[k] for k in copies[cos.argmin()]]


def test_two_stage_keeps_the_true_pairs_the_shipped_stage_finds(pool):
    keys, vecs, static, lexical, true = pool
    k = int(RULES["semantic"]["top_k"])
    shipped = lexical | semantic.nearest(vecs, k)
    # at a floor of 0.6 no real pair the shipped stage finds is lost (at 0.7 paraphrases go:
    # 'prevent radicalisation and violent extremism' / 'stop people being drawn into
    # terrorism' shares no word, so its texts' static neighbours are other work)
    found, embedded = st.two_stage(keys, static, lexical, lambda r: vecs[r], k, 0.6, k)
    missed = [(keys[a], keys[b]) for a, b in true if (a, b) in shipped and (a, b) not in found]
    assert not missed
    # a higher floor leaves texts to no MiniLM run, and no pair names a text left out
    found, embedded = st.two_stage(keys, static, lexical, lambda r: vecs[r], k, 0.8, k)
    assert 0 < embedded.sum() < len(keys)
    assert all(embedded[a] and embedded[b] for a, b in found)
    # below every static cosine each text is embedded, and the shipped candidates are kept
    found, embedded = st.two_stage(keys, static, lexical, lambda r: vecs[r], k, -1.0, k)
    assert embedded.all() and shipped <= found


def test_two_stage_runs_minilm_on_no_text_above_every_floor(pool):
    keys, _, static, lexical, _ = pool

    def minilm(rows):
        raise AssertionError("MiniLM run although no pair reaches the floor")

    found, embedded = st.two_stage(keys, static, lexical, minilm, 10, 1.01, 10)
    assert not found and not embedded.any()
