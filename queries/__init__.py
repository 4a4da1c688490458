"""The questions, one module each; each a function over a KnowledgeGraph returning a pandas
DataFrame whose rows say why they are there (evidence columns).

>>> names()
['coterminosity', 'duplicates', 'gaps', 'overlaps']
"""

from __future__ import annotations

import copy
import importlib
import os
from typing import TYPE_CHECKING, Any

import yaml

from ..graph.errors import LspGraphError
from ..schemas import read_reference

if TYPE_CHECKING:  # pandas and networkx load with the question, not with the command line
    import pandas as pd

    from ..graph.model import KnowledgeGraph

__all__ = ["QUESTIONS", "load_rules", "names", "run"]

QUESTIONS = ("coterminosity", "duplicates", "gaps", "overlaps")


def names() -> list[str]:
    return sorted(QUESTIONS)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in override.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_rules(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The shipped rules (schemas/rules.yaml), overridden by a user's YAML file."""
    rules = read_reference("rules.yaml")
    if path is not None:
        try:
            with open(path, encoding="utf-8") as fh:
                override = yaml.safe_load(fh) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LspGraphError(f"{path}: cannot read rules ({exc})") from None
        if not isinstance(override, dict):
            raise LspGraphError(f"{path}: rules must be a mapping of question to settings")
        unknown = sorted(set(override) - set(rules))
        if unknown:
            raise LspGraphError(f"{path}: unknown rule sections {unknown}; "
                                f"known: {sorted(rules)}")
        rules = _merge(rules, override)
    return rules


def run(name: str, kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
        **params: Any) -> pd.DataFrame:
    """Answer question ``name`` over ``kg``."""
    if name not in QUESTIONS:
        raise LspGraphError(f"no question '{name}'; known: {', '.join(names())}")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.run(kg, rules=rules or load_rules(), **params)
