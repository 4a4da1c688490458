"""One benchmark step per process: ``python -m bench.steps STEP OUT [ARG...]``; prints JSON.

The ARGs are the step's own options (``duplicates_allpairs OUT 1000``: the sample size)."""

from __future__ import annotations

import csv
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

STEPS: dict[str, Callable[[Path], dict[str, Any]]] = {}


def step(f: Callable[[Path], dict[str, Any]]) -> Callable[[Path], dict[str, Any]]:
    STEPS[f.__name__.removeprefix("step_")] = f
    return f


def _files(out: Path) -> list[Path]:
    return sorted((out / "data").glob("*.csv"))


def _store(out: Path) -> Path:
    return out / "bench.store"


def _load(out: Path) -> Any:
    """The store, loaded, and settled (:func:`_settle`): what every step that loads the
    store and times what it does next, question or baseline, starts from."""
    from lspgraph.graph import storage
    kg = storage.load(_store(out))
    _settle()
    return kg


_CPU: list[float] = []  # CPU seconds of each _timed call in this process


def _timed(f: Callable[[], Any]) -> tuple[float, Any]:
    t, c = time.perf_counter(), time.process_time()
    value = f()
    _CPU.append(time.process_time() - c)
    return round(time.perf_counter() - t, 2), value


def _settle() -> None:
    """One full garbage collection after the store load, before a clock starts.

    The load keeps its graph out of the collector's scans (``storage._hold``), so this
    collection, and any the step's own allocations set off, scans only the rest of the
    process. Before that, the first code to allocate some 70,000 objects after a load set
    off one full collection over the whole graph (0.3 to 0.8 CPU s on the national store),
    whichever code that was; the settling kept that out of every step's clock alike
    (``step_load``, which times the load, does not settle)."""
    gc.collect()


@step
def step_import(out: Path) -> dict[str, Any]:
    from lspgraph.importers import pipeline
    store = _store(out)
    store.unlink(missing_ok=True)
    seconds, result = _timed(lambda: pipeline.import_files(_files(out), store, replace=True))
    return {"seconds": seconds, "store_mb": round(store.stat().st_size / 2**20, 1),
            "nodes": result.graph.nx.number_of_nodes()}


@step
def step_import_baseline(out: Path) -> dict[str, Any]:
    """Nodes and edges straight from the rows: no types checked, no identity, no store."""
    import networkx as nx

    def build() -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for path in _files(out):
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    name = row.get("name") or row.get("member") or ""
                    node = f"{path.stem}:{name}"
                    g.add_node(node, **{k: v for k, v in row.items() if v})
                    for col in ("strategy", "theme", "within", "owner", "partnership", "lead",
                                "covers", "area", "organisation"):
                        if row.get(col):
                            g.add_edge(node, row[col], key=col)
        return g

    seconds, g = _timed(build)
    return {"seconds": seconds, "nodes": g.number_of_nodes()}


@step
def step_load(out: Path) -> dict[str, Any]:
    from lspgraph.graph import storage  # imported before the clock starts

    cpu = time.process_time()
    seconds, kg = _timed(lambda: storage.load(_store(out)))
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2),
            "nodes": kg.nx.number_of_nodes(),
            "edges": kg.nx.number_of_edges()}


@step
def step_load_baseline(out: Path) -> dict[str, Any]:
    """What a script that keeps its graph between runs would do: the same networkx graph
    pickled (highest protocol; written before the clock), then read back."""
    import pickle

    kg = _load(out)
    path = out / "bench.pickle"
    with open(path, "wb") as fh:
        pickle.dump(kg.nx, fh, protocol=pickle.HIGHEST_PROTOCOL)
    del kg
    gc.collect()
    cpu = time.process_time()

    def read() -> Any:
        with open(path, "rb") as fh:
            return pickle.load(fh)

    seconds, g = _timed(read)
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2),
            "nodes": g.number_of_nodes(), "mb": round(path.stat().st_size / 2**20, 1)}


def _query(out: Path, name: str, **params: Any) -> dict[str, Any]:
    """The question alone: the store loaded and its libraries imported before the clock."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import scipy.sparse  # noqa: F401

    from lspgraph import queries
    kg = _load(out)
    rules = queries.load_rules()
    queries.get(name)  # the question's module imported, as the baselines' are, before the clock
    cpu = time.process_time()
    seconds, df = _timed(lambda: queries.run(name, kg, rules=rules, **params))
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2), "rows": len(df),
            "df": df, "kg": kg}


def _plain(name: str) -> Callable[[Path], dict[str, Any]]:
    def run(out: Path) -> dict[str, Any]:
        r = _query(out, name)
        return {"seconds": r["seconds"], "cpu": r["cpu"], "rows": r["rows"]}
    return run


STEPS["overlaps"] = _plain("overlaps")
STEPS["gaps"] = _plain("gaps")
STEPS["coterminosity"] = _plain("coterminosity")


@step
def step_coterminosity_baseline(out: Path) -> dict[str, Any]:
    """Each member against each partnership, pair by pair with Python sets, as competent
    per-pair code would: each footprint built once, each area's district looked up once,
    the same measures and evidence (bench.geo.build_once), all inside the clock. Its rows
    are checked equal to the question's (computed outside the clock)."""
    from lspgraph import queries

    from .geo import build_once, same

    kg = _load(out)
    cpu = time.process_time()
    seconds, rows = _timed(lambda: build_once(kg, None))
    cpu = round(time.process_time() - cpu, 2)
    if not same(queries.run("coterminosity", kg, rules=queries.load_rules()), rows):
        raise SystemExit("bench: the coterminosity baseline's rows differ from the question's")
    return {"seconds": seconds, "cpu": cpu, "rows": len(rows)}


@step
def step_overlaps_baseline(out: Path) -> dict[str, Any]:
    """The same profiles, then Jaccard over every pair of partnerships with Python sets."""
    from lspgraph import queries
    from lspgraph.queries.overlaps import _profiles

    kg = _load(out)
    weights = queries.load_rules()["overlaps"]["weights"]

    def all_pairs() -> int:
        profiles = _profiles(kg, "Partnership")
        rows = 0
        for a, b in combinations(sorted(profiles), 2):
            pa, pb = profiles[a], profiles[b]
            score = 0.0
            for f, w in weights.items():
                if f not in pa:  # shared actions: strategies only
                    continue
                union = pa[f] | pb[f]
                score += w * (len(pa[f] & pb[f]) / len(union) if union else 0.0)
            rows += score > 0
        return rows

    seconds, rows = _timed(all_pairs)
    return {"seconds": seconds, "rows": rows}


@step
def step_gaps_baseline(out: Path) -> dict[str, Any]:
    """Visit every node and each of its out- and in-edges once: the floor of any whole-graph
    question in Python over networkx."""
    kg = _load(out)
    g = kg.nx

    def walk() -> int:
        seen = 0
        for n, data in g.nodes(data=True):
            seen += len(data)
            for _, _, k in g.out_edges(n, keys=True):
                seen += len(k)
            for _, _, k in g.in_edges(n, keys=True):
                seen += len(k)
        return seen

    seconds, _ = _timed(walk)
    return {"seconds": seconds, "rows": 0}


def lspgraph_export(out: Path, fmt: str) -> dict[str, Any]:
    """The store's triples written by lspgraph in ``fmt`` (as ``lspgraph export --format``
    does) to ``bench.<fmt>``: seconds, CPU seconds, triples and megabytes."""
    from lspgraph.outputs import rdf

    kg = _load(out)
    path = out / f"bench.{fmt}"
    cpu = time.process_time()
    with open(path, "wb") as fh:
        seconds, n = _timed(lambda: rdf.write(kg, fmt, fh))
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2), "triples": n,
            "mb": round(path.stat().st_size / 2**20)}


@step
def step_export(out: Path) -> dict[str, Any]:
    """lspgraph export --format nt: triples streamed to the file, no rdflib Graph."""
    return lspgraph_export(out, "nt")


@step
def step_export_baseline(out: Path) -> dict[str, Any]:
    """The same triples added to an rdflib Graph, then rdflib's own N-Triples serialiser."""
    return rdflib_export(out, "nt")


def rdflib_export(out: Path, fmt: str) -> dict[str, Any]:
    """The store's triples in an rdflib Graph, written by rdflib's own `fmt` serialiser."""
    from lspgraph.outputs import rdf

    kg = _load(out)

    def plain() -> int:
        g = rdf.to_rdf(kg)
        with open(out / f"bench-rdflib.{fmt}", "wb") as fh:
            g.serialize(fh, format=fmt, encoding="utf-8")
        return len(g)

    cpu = time.process_time()
    seconds, n = _timed(plain)
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2), "triples": n}


def _planted(out: Path) -> tuple[set[frozenset[tuple[str, str]]], set[frozenset[tuple[str, str]]]]:
    dup, neg = set(), set()
    with open(out / "planted.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            pair = frozenset(((r["a_strategy"], r["a_text"]), (r["b_strategy"], r["b_text"])))
            (dup if r["duplicate"] == "1" else neg).add(pair)
    return dup, neg


def product_pairs(x: Any, top_k: int, min_score: float,
                  chunk: int = 2000) -> list[tuple[int, int, float]]:
    """The candidate stage before issue 22, kept for the scaling baseline only: every row's
    sparse product with all rows (quadratic), then a Python loop over the rows."""
    import numpy as np
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


@step
def step_duplicates(out: Path) -> dict[str, Any]:
    import numpy as np

    from bench.quality import metrics

    # the lexical method, as the table's row says (the semantic default, where installed, is
    # measured by bench.semantic_speed and the whole-command runs in BENCHMARKS.md)
    r = _query(out, "duplicates", method="lexical")
    df, kg = r["df"], r["kg"]
    dup, neg = _planted(out)
    found = [frozenset(((sa, ta), (sb, tb))) for sa, ta, sb, tb in
             zip(df.a_strategy, df.a_text, df.b_strategy, df.b_text, strict=True)]
    del kg
    everything = sorted(dup | set(found), key=sorted)
    truth = np.array([p in dup for p in everything])
    predicted = np.array([p in set(found) for p in everything])
    return {"seconds": r["seconds"], "cpu": r["cpu"], "rows": r["rows"],
            **metrics(truth, predicted),
            "negatives_found": len(neg & set(found))}


@step
def step_duplicates_baseline(out: Path) -> dict[str, Any]:
    """The whole lexical pipeline as it stood before issue 22, which is what a competent
    programmer reaches for: the same TF-IDF rows, the sparse product of every action with
    every action in chunks (``product_pairs``: quadratic), the same edit scores on its
    candidates. Inside the clock from the action texts on."""
    import numpy  # noqa: F401
    import scipy.sparse  # noqa: F401

    from lspgraph.queries import load_rules
    from lspgraph.queries.duplicates import edit_scores, normalise, vectorise

    with open(out / "data" / "actions.csv", encoding="utf-8", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    cfg = load_rules()["duplicates"]

    def run() -> int:
        texts = [normalise(t) for t in names]
        pairs = product_pairs(vectorise(texts, cfg["max_df"]), cfg["top_k"],
                              cfg["candidate_score"])
        scores = edit_scores([texts[i] for i, _, _ in pairs], [texts[j] for _, j, _ in pairs])
        return int(sum(v >= cfg["min_score"] for v in scores))

    cpu = time.process_time()
    seconds, rows = _timed(run)
    return {"seconds": seconds, "cpu": round(time.process_time() - cpu, 2), "rows": rows}


@step
def step_duplicates_allpairs(out: Path, sample: str = "4000") -> dict[str, Any]:
    """All pairs of a random sample of ``sample`` actions with rapidfuzz's cdist (C++, both
    cores), extrapolated by the number of pairs to all actions: the baseline of earlier
    runs (``python -m bench`` takes 1,000, 4,000 with ``--full``)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    from lspgraph.queries.duplicates import normalise

    with open(out / "data" / "actions.csv", encoding="utf-8", newline="") as fh:
        texts = [normalise(r["name"]) for r in csv.DictReader(fh)]
    n = min(len(texts), int(sample))
    sample = random.Random(1).sample(texts, n)
    seconds, m = _timed(lambda: process.cdist(sample, sample, scorer=fuzz.token_sort_ratio,
                                              dtype=np.uint8, workers=-1))
    factor = (len(texts) * (len(texts) - 1)) / (n * (n - 1))
    return {"seconds": round(seconds * factor, 1), "sample": n, "sample_seconds": seconds,
            "factor": factor, "rows": int((np.triu(m, 1) >= 85).sum())}


if __name__ == "__main__":
    gc.collect()
    name, out = sys.argv[1], Path(sys.argv[2])
    result = STEPS[name](out, *sys.argv[3:])  # a step's own options, as strings
    result.setdefault("cpu", round(sum(_CPU), 2))
    print(json.dumps(result))
