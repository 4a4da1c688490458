"""The questions' rules: schemas/rules.yaml, overridden section by section by a user's file.

Kept apart from the registry so that a question's module can read its rules without
importing the package that registers it.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import yaml

from ..graph.errors import LspGraphError
from ..schemas import read_reference

__all__ = ["load_rules"]


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
