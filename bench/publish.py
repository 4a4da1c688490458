"""Print a benchmark's markdown, and put it in BENCHMARKS.md between its markers."""

from __future__ import annotations

from pathlib import Path

__all__ = ["publish"]


def publish(text: str, write: Path | None, name: str) -> None:
    """Print ``text``; with ``write``, replace the section ``name`` of that file with it."""
    print(text)
    if write:
        _splice(write, name, text)


def _splice(path: Path, name: str, text: str) -> None:
    """Replace the text between <!-- bench:NAME --> and <!-- /bench:NAME --> in path."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    old = path.read_text(encoding="utf-8") if path.exists() else f"{start}\n{end}\n"
    if start not in old:
        old += f"\n{start}\n{end}\n"
    head, _, rest = old.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")
