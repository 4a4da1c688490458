"""Heavy libraries imported on first use, so that what never computes (``lspgraph --help``,
``--version``, shell completion, a question's ``--help``) never pays for them.

``np = lazy("numpy")`` stands where ``import numpy as np`` stood: the first attribute taken
from it imports numpy, and each attribute is kept, so later uses cost what a module's do.

>>> json = lazy("json")
>>> json.dumps([1])
'[1]'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["lazy"]


class _Lazy(ModuleType):
    """A stand-in for a module, imported when an attribute is first asked of it."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):  # copy, pickle, doctest probes
            raise AttributeError(attr)
        value = getattr(importlib.import_module(self.__name__), attr)
        self.__dict__[attr] = value
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self.__name__!r}>"


def lazy(name: str) -> Any:
    """The module ``name``, imported when first used (typed ``Any``: a stand-in)."""
    return _Lazy(name)
