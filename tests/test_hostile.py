"""Hostile input (issue 20): each attack that once hung, fetched, exhausted memory or lost
data silently, kept as a test. Sizes are small and generated here; time is never bounded
in seconds, only as the ratio between a size and a larger one (linear work keeps the
ratio near the size ratio; exponential or quadratic work does not)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

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


def _word(i: int) -> str:
    """A distinct capitalised word of letters only ('Qbaaa')."""
    out = "Q"
    for _ in range(4):
        out += chr(97 + i % 26)
        i //= 26
    return out


# Texts that once made extraction superlinear, by size n (issue 20)
SLOW = {
    # 'ABC ABC ...': quadratic after the exponential case was fixed
    "capitals": (lambda n: " ".join(["ABC"] * n) + " xyz", 300),
    # 10k characters of Title Case took 8 s; 30k over 60 s
    "title case": (lambda n: " ".join(["Alpha", "Beta", "Gamma", "Delta"] * (n // 4))
                   + " done.", 600),
    # one long lowercase word: 100k characters over 60 s
    "lowercase word": (lambda n: "a" * n, 20_000),
    # over 512 distinct bodies overflowed re's pattern cache; 30k characters took 119 s
    "many bodies": (lambda n: " ".join(f"The {_word(i)} Partnership met." for i in range(n)),
                    200),
    # many 'We will:' columns in one paragraph: 49 KB took 24 s
    "we will columns": (lambda n: " ".join(f"better {_word(i)} health" for i in range(n))
                        + " " + "We will: " * n
                        + " ".join(f"Improve the {_word(i)} health." for i in range(3 * n)),
                        100),
}


@pytest.mark.parametrize("name", SLOW)
def test_extraction_time_grows_linearly(tmp_path, name):
    make, n = SLOW[name]
    ratio = growth(make, _extract_text(tmp_path), n)
    assert ratio < 9, f"{name}: 4 times the text took {ratio:.1f} times as long"


def test_runs_of_capitals_do_not_backtrack_exponentially(tmp_path):
    # 24 words of capitals took 236 s: every extra word doubled the time
    ratio = growth(lambda n: " ".join(["ABC"] * n) + " xyz", _extract_text(tmp_path), 12,
                   factor=2)
    assert ratio < 8, ratio
