"""The import made faster (issue 22) must fill the store exactly as before.

Two real landscapes (the bundled sample and Lancashire's) are imported step by step into one
store: the first import, a second landscape on top, a re-import of an edited file (a
membership deleted, a body's kind changed, a new body), a second file that restates
bodies (claims and a conflict), and ``forget`` of one file. After
each step the store's whole contents (the ``lspgraph export --format json`` dump, the
claims each file made and the conflicts kept) are compared with what the code before the
speed work wrote, recorded in ``tests/data/import_contents.json``.

If a change means to alter what an import stores, record the new contents with
``python tests/test_import_contents.py --record`` and say why in the commit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "import_contents.json"
LANCASHIRE = ROOT / "tests" / "data" / "landscapes" / "lancashire"
SAMPLE = ROOT / "sample"


def _contents(store: Path, work: Path) -> dict[str, object]:
    """Counts and a digest of everything the store holds, with the work folder's path
    written as '<work>' so that the digest does not depend on where the test ran."""
    from lspgraph.graph import load, storage
    from lspgraph.graph.conflicts import conflicts_of

    kg = load(store)
    out = io.BytesIO()
    storage.dump_json(kg, out)
    claims = orjson.dumps(kg.claims, option=orjson.OPT_SORT_KEYS)
    conflicts = orjson.dumps([c.__dict__ for n in sorted(kg.claims) if n in kg.nx
                              for c in conflicts_of(kg, n)], option=orjson.OPT_SORT_KEYS)
    where = str(work).encode()
    return {
        "nodes": kg.nx.number_of_nodes(),
        "edges": kg.nx.number_of_edges(),
        "claims": len(kg.claims),
        "export_sha256": hashlib.sha256(out.getvalue().replace(where, b"<work>")).hexdigest(),
        "claims_sha256": hashlib.sha256(claims.replace(where, b"<work>")).hexdigest(),
        "conflicts_sha256": hashlib.sha256(conflicts.replace(where, b"<work>")).hexdigest(),
    }


def _edit(path: Path) -> None:
    """Delete the first membership row, change the first body's kind, add a new body."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if path.name == "memberships.csv":
        del lines[1]
    elif path.name == "organisations.csv":
        header = lines[0].rstrip("\n").split(",")
        first = next(csv.reader([lines[1]]))
        first[header.index("kind")] = "other"
        lines[1] = ",".join(f'"{c}"' if "," in c else c for c in first) + "\n"
        lines.append(",".join("Ribble Valley Food Partnership" if h == "name" else
                              "voluntary_sector" if h == "kind" else "" for h in header) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def steps(work: Path) -> dict[str, dict[str, object]]:
    """Import the landscapes step by step into a store in ``work``; the contents after each."""
    from lspgraph.graph.sync import forget
    from lspgraph.importers import import_files

    sample, lancs = work / "sample", work / "lancashire"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(LANCASHIRE, lancs)
    store = work / "landscape.store"
    done: dict[str, dict[str, object]] = {}
    import_files(sorted(sample.glob("*.csv")) + sorted(sample.glob("*.geojson")), store)
    done["sample"] = _contents(store, work)
    import_files(sorted(lancs.glob("*.csv")), store)
    done["lancashire on top"] = _contents(store, work)
    for name in ("memberships.csv", "organisations.csv"):
        _edit(lancs / name)
    import_files([lancs / "memberships.csv", lancs / "organisations.csv"], store)
    done["edited files imported again"] = _contents(store, work)
    extra = work / "extra" / "organisations.csv"  # a second file restating bodies
    extra.parent.mkdir()
    extra.write_text("name,kind,area\nPreston City Council,unitary_council,Lancashire\n"
                     "Lancashire County Council,county_council,Lancashire\n"
                     "Ribble Valley Food Partnership,other,Lancashire\n", encoding="utf-8")
    import_files([extra], store)
    done["a second file restating bodies"] = _contents(store, work)
    forget([str(sample / "memberships.csv")], store)
    done["one file forgotten"] = _contents(store, work)
    return done


def _indexes(store: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(store) as conn:
        return set(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))


@pytest.mark.parametrize("bulk", ["row by row", "indexes built after the rows"])
def test_an_import_stores_what_it_stored_before_the_speed_work(tmp_path, monkeypatch, bulk):
    from lspgraph.graph import storage
    from lspgraph.graph.model import KnowledgeGraph

    if bulk != "row by row":  # a first import this large builds its indexes afterwards
        monkeypatch.setattr(storage, "_BULK", 1)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = steps(tmp_path)
    assert list(got) == list(expected)
    for step, contents in got.items():
        assert contents == expected[step], f"after '{step}' the store holds something else"
    empty = tmp_path / "empty.store"
    storage.save(KnowledgeGraph(), empty)
    assert _indexes(tmp_path / "landscape.store") == _indexes(empty)


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        EXPECTED.write_text(json.dumps(steps(Path(tmp)), indent=1) + "\n", encoding="utf-8")
    print(f"recorded {EXPECTED}")
