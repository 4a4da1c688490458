"""The docstrings' examples run, and the public functions carry type hints."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import lspgraph

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(lspgraph.__path__, "lspgraph.")
    if ".sample" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_public_functions_have_type_hints(name):
    module = importlib.import_module(name)
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) and obj.__module__ == name:
            hints = obj.__annotations__
            assert "return" in hints, f"{name}.{attr} has no return annotation"
