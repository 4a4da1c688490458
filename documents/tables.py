"""Plan tables: a priority column beside a 'what we will do' column.

A table whose first column is the priorities and which has no action column ('Priority |
Why it matters | Lead partner') gives its priorities alone.

A plan on a page is often a table whose header row names its columns ('Priority | We will |
Lead agency | By when', 'Our priorities      What we will do      How we will know'). Copied
as text, its cells are run together with '|', a tab or a run of spaces, one row a line; a
cell too long for its column wraps onto the next line, whose other cells are empty. Each
value of the priority column is a theme (once, however many rows repeat it) and each cell of
the action column an action under it. The header cells that name the two columns are cues
in ``schemas/documents.yaml`` (``tables``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..schemas import read_reference
from . import Block, Document

__all__ = ["cells", "plan_table"]

_SPACED = re.compile(r"\S(?: {2,}|\t)\S")


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["tables"]


@cache
def _column(kind: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(_rules()[kind])})$", re.I)


def cells(text: str) -> tuple[str, list[str]]:
    """How a line's cells are separated ('|', or 'space' for tabs and runs of spaces, '' for
    a line of one cell) and the cells.

    >>> cells("Priority | We will | Lead")
    ('|', ['Priority', 'We will', 'Lead'])
    >>> cells("1 Start well      Open hubs   More children ready")
    ('space', ['1 Start well', 'Open hubs', 'More children ready'])
    >>> cells("and in Tenterden")
    ('', ['and in Tenterden'])
    """
    s = text.strip()
    if "|" in s:
        return "|", [c.strip() for c in s.strip("|").split("|")]
    if _SPACED.search(s):
        return "space", [c.strip() for c in re.split(r" {2,}|\t+", s) if c.strip()]
    return "", [s]


def _header(block: Block) -> tuple[str, list[str], int, int] | None:
    """A plan table's header row: (style, cells, the theme column, the action column, or -1
    when the table has none and its first column is the themes).

    >>> _header(Block("paragraph", "Priority   Why it matters   Lead partner", 0, 0, 1))[2:]
    (0, -1)
    >>> _header(Block("paragraph", "Name   Priority   Lead", 0, 0, 1)) is None
    True
    """
    style, row = cells(block.text)
    if not style or len(row) < 2:
        return None
    theme = next((k for k, c in enumerate(row) if _column("theme_columns").match(c)), None)
    act = next((k for k, c in enumerate(row) if _column("action_columns").match(c)), None)
    if theme == 0 and act is None and len(row) >= 3:
        return style, row, 0, -1  # 'Priority | Why it matters | Lead partner': themes only
    if theme is None or act is None or theme == act:
        return None
    return style, row, theme, act


def _rows(blocks: list[Block], i: int, style: str, n: int, act: int
          ) -> list[tuple[Block, list[str]]]:
    """The rows below the header ``blocks[i]``: one a line, a wrapped cell's next line joined
    to its row (one cell alone: the action's; several: the last columns')."""
    rows: list[tuple[Block, list[str]]] = []
    for j in range(i + 1, len(blocks)):
        b = blocks[j]
        if b.line != blocks[j - 1].line + 1:
            break  # a blank line ends the table
        got, row = cells(b.text)
        if got == style and len(row) == n:
            row[0] = re.sub(r"^\d{1,2}[.)]?\s+", "", row[0])  # '1 Start well'
            rows.append((b, row))
        elif rows and got in ("", style) and len(row) < n and len(b.text.split()) <= 15:
            cols = [act if act >= 0 else 1] if len(row) == 1 else list(range(n - len(row), n))
            for k, text in zip(cols, row, strict=True):
                rows[-1][1][k] = f"{rows[-1][1][k]} {text}".strip()
        else:
            break
    return rows


def plan_table(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The themes and actions of the document's plan tables.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Priority | We will | Lead\\nSafe streets | light the underpass | "
    ...                 "Council\\nSafe streets | fund two wardens | Police\\n")
    >>> themes, actions = plan_table(doc)
    >>> [t["text"] for t in themes], [(a["text"], a["theme"]) for a in actions]
    (['Safe streets'], [('light the underpass', 'Safe streets'), ('fund two wardens', \
'Safe streets')])
    """
    from .themes import _item

    themes: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        head = _header(block)
        if head is None:
            continue
        style, row, theme, act = head
        level = _rules()["levels"].get(re.sub(r"^our\s+|s$|ies$", "", row[theme].lower()),
                                       "priority")
        seen: set[str] = {t["text"].lower() for t in themes}
        for b, cells_ in _rows(blocks, i, style, len(row), act):
            name = cells_[theme].strip(" .;")
            action = cells_[act].strip(" .;") if act >= 0 else ""
            if name and name.lower() not in seen:
                seen.add(name.lower())
                themes.append(_item(name, level, b))
            if action:
                s = max(b.text.find(action.split()[0]), 0)
                actions.append({"text": action, "line": b.line, "theme": name,
                                "offset": [b.start + s, b.start + s + len(action)],
                                "quote": b.text.strip()})
    return themes, actions
