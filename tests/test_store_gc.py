"""A loaded graph is kept out of the collector's scans while it lives (issue 22), and given
back when it is freed: each case runs in a fresh interpreter, as the collector's state is
the process's."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from conftest import sample_files
from lspgraph.importers import import_files


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("gc") / "s.store"
    import_files(sample_files(), path)
    return path


def _run(code: str, store) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(store)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_loaded_graph_is_not_scanned_and_is_freed_with_its_graph_object(store):
    _run("""
        import gc, sys, weakref
        from lspgraph import queries
        from lspgraph.graph import storage
        kg = storage.load(sys.argv[1])
        d = next(iter(kg.nx._node.values()))
        assert gc.get_freeze_count() > len(kg) and not any(o is d for o in gc.get_objects())
        queries.run("gaps", kg)
        assert list(kg.nx.edges)  # networkx's cached views: the graph in a cycle
        g, d = weakref.ref(kg.nx), None
        del kg  # freed by reference counts, nothing left frozen
        assert g() is None and gc.get_freeze_count() == 0 and storage._held == 0
        part = storage.load_part(sys.argv[1], types=("Partnership",))
        whole = storage.load(sys.argv[1])
        assert storage._held == 2
        del part
        assert storage._held == 1 and gc.get_freeze_count() > len(whole)
        del whole
        assert gc.get_freeze_count() == 0
        """, store)


def test_objects_the_process_froze_itself_are_left_frozen(store):
    _run("""
        import gc, sys
        from lspgraph.graph import storage
        gc.freeze()
        kg = storage.load(sys.argv[1])
        assert storage._held == 0
        del kg
        assert gc.get_freeze_count() > 0
        """, store)
