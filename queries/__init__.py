"""The questions: a registry of :class:`Question` classes, one module each, each answering
with a pandas DataFrame whose rows say why they are there (evidence columns).

Questions register with ``@register``. Built-in and third-party questions come in by the
same path, the ``lspgraph.questions`` entry-point group: lspgraph's own entry point loads
:mod:`.builtin`, which imports every module of this package, so that adding a question is
adding its file. A plugin package names its module in its own ``pyproject.toml``::

    [project.entry-points."lspgraph.questions"]
    my_question = "my_package.my_question"

>>> names()
['coterminosity', 'duplicates', 'gaps', 'lead_not_member', 'overlaps']
>>> get("gaps").title
'Gaps in strategies and partnerships'
"""

from __future__ import annotations

import importlib
import logging
import os
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from ..graph.errors import LspGraphError
from .rules import load_rules

if TYPE_CHECKING:  # pandas and networkx load with the question, not with the command line
    import pandas as pd

    from ..graph.model import KnowledgeGraph
    from .base import Question

__all__ = ["AREA", "MIN_SCORE", "PARTNERSHIP", "WHOLE", "Finding", "Needs", "Option",
           "Question", "get", "load_rules", "names", "questions", "register", "run"]
_BASE = ("AREA", "MIN_SCORE", "PARTNERSHIP", "WHOLE", "Finding", "Needs", "Option",
         "Question")

GROUP = "lspgraph.questions"
log = logging.getLogger("lspgraph.queries")
if os.environ.get("LSPGRAPH_TRACE"):
    logging.basicConfig(level=logging.DEBUG)

_REGISTRY: dict[str, Question] = {}
_loaded = False


def register(cls: type[Question]) -> type[Question]:
    """Class decorator: make ``cls`` the question called ``cls.name``."""
    missing = [a for a in ("name", "title", "columns") if not getattr(cls, a, None)]
    missing += sorted(getattr(cls, "__abstractmethods__", ()))  # run, findings
    if missing:
        raise LspGraphError(f"question {cls.__module__}.{cls.__qualname__} has no "
                            f"{', '.join(missing)}")
    _REGISTRY[cls.name] = cls()
    log.debug("question registered: %s (%s)", cls.name, cls.__module__)
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    found = entry_points(group=GROUP)
    if "builtin" not in found.names:
        # metadata written before this group existed (an editable install not redone)
        log.warning("lspgraph's installed metadata has no %s entry points; loading the "
                    "built-in questions directly (reinstall: pip install -e .)", GROUP)
        importlib.import_module(f"{__name__}.builtin")
    for ep in found:
        log.debug("loading questions from %s (%s)", ep.name, ep.value)
        ep.load()


def __getattr__(name: str) -> Any:
    """What a question is made of (:mod:`.base`), loaded with the first question."""
    if name in _BASE:
        return getattr(importlib.import_module(f"{__name__}.base"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def questions() -> list[Question]:
    """Every registered question, in the order the demo and the report show them."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda q: (q.order, q.name))


def names() -> list[str]:
    """The names of every registered question, sorted."""
    _load()
    return sorted(_REGISTRY)


def get(name: str) -> Question:
    """The question called ``name``."""
    _load()
    log.debug("question look-up: %s", name)
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LspGraphError(f"no question '{name}'; known: {', '.join(names())}") from None


def run(name: str, kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
        **params: Any) -> pd.DataFrame:
    """Answer question ``name`` over ``kg`` (with the shipped rules unless given others)."""
    return get(name).answer(kg, rules=rules, **params)
