"""Hostile input (issue 20): each attack that once hung, fetched, exhausted memory or lost
data silently, kept as a test. Sizes are small and generated here; time is never bounded
in seconds, only as the ratio between a size and a larger one (linear work keeps the
ratio near the size ratio; exponential or quadratic work does not)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from lspgraph.documents import read
from lspgraph.documents.extract import extract


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def growth(make: Callable[[int], object], work: Callable[[object], object], n: int,
           factor: int = 4) -> float:
    """How many times longer ``work`` takes on ``make(n * factor)`` than on ``make(n)``."""
    small, large = make(n), make(n * factor)
    work(small)  # warm caches (compiled patterns, schema)
    return _best(lambda: work(large)) / _best(lambda: work(small))


def _extract_text(tmp_path: Path) -> Callable[[object], object]:
    def work(text: object) -> object:
        p = tmp_path / "doc.txt"
        p.write_text(str(text), encoding="utf-8")
        return extract(read(p))
    return work


def test_runs_of_capitals_do_not_backtrack_exponentially(tmp_path):
    # 24 words of capitals took 236 s: every extra word doubled the time
    ratio = growth(lambda n: " ".join(["ABC"] * n) + " xyz", _extract_text(tmp_path), 12,
                   factor=2)
    assert ratio < 8, ratio
