"""Fuzzing (issue 20): every registered importer, and ``extract``, on damaged and random
input. Whatever the bytes, the answer is records or an lspgraph error with a message
(never another exception, never a hang): hypothesis mutates a small valid file of each
format (flipped and inserted bytes, truncation) or makes random bytes. Bounded by a fixed
number of examples per format, so it runs in the normal test run (CI included)."""

from __future__ import annotations

import io
import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lspgraph.documents import read
from lspgraph.documents.extract import extract
from lspgraph.graph.errors import LspGraphError
from lspgraph.importers import build_graph, registry

_TTL = b"""@prefix lsp: <https://w3id.org/lspgraph/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://lspgraph.invalid/id/organisation/a> a org:FormalOrganization ;
    lsp:id "organisation:a" ; rdfs:label "A Board" .
"""

def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Organisations"
    ws.append(["name", "kind"])
    ws.append(["Kent County Council", "county_council"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# A small valid file per format (its suffix, its bytes): what the mutations start from
SEEDS: dict[str, tuple[str, bytes]] = {
    "csv": (".csv", b"name,kind,note\nKent County Council,county_council,\"a; b\"\n"
                    b"Kent Police,police,x\n"),
    "document": (".txt", b"Health and Wellbeing Strategy\n\nThe Kent Health and Wellbeing "
                         b"Board (HWB) met on 12 March 2024.\n\nWe will:\n- reduce smoking\n"),
    "geojson": (".geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature",'
                            b' "properties": {"LAD24CD": "E07000105", "LAD24NM": "Ashford"},'
                            b' "geometry": {"type": "Polygon", "coordinates": [[[0, 51], '
                            b'[1, 51], [1, 52], [0, 51]]]}}]}'),
    "json": (".json", b'{"organisations": [{"name": "Kent Police", "kind": "police"}]}'),
    "ons": (".csv", b"LAD24CD,LAD24NM,CTY24CD,CTY24NM\nE07000105,Ashford,E10000016,Kent\n"),
    "rdf": (".ttl", _TTL),
    "xlsx": (".xlsx", b""),  # made when first needed (openpyxl)
    "yaml": (".yaml", b"organisations:\n  - name: Kent Police\n    kind: police\n"
                      b"    aliases: [KP]\n"),
}
_counter = itertools.count()
# examples per format: enough for the normal run; LSPGRAPH_FUZZ_EXAMPLES=2000 for a long one
EXAMPLES = int(os.environ.get("LSPGRAPH_FUZZ_EXAMPLES", "40"))


@st.composite
def _damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few bytes replaced or inserted, and perhaps cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        new = draw(st.sampled_from([b"\x00", b"\xff", b'"', b"\n", b";", b"{", b"[", b"<",
                                    b"&", b"\\", b"\xe2\x80\xae", b"=", b"-", b"*a"]))
        if draw(st.booleans()):
            data[at:at + 1] = new
        else:
            data[at:at] = new
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


def _inputs(fmt: str) -> st.SearchStrategy[bytes]:
    seed = SEEDS[fmt][1] or _xlsx()
    return st.one_of(_damaged(seed), st.binary(max_size=200), st.just(seed))


FORMATS = registry.formats()


def test_every_importer_has_a_seed_that_imports(tmp_path):
    assert set(FORMATS) <= set(SEEDS), "add a small valid file for the new format to SEEDS"
    for fmt in FORMATS:  # damage starts from a file the importer reads
        suffix, data = SEEDS[fmt]
        path = tmp_path / f"seed{suffix}"
        path.write_bytes(data or _xlsx())
        assert build_graph([path], format=fmt).graph.nx.number_of_nodes() > 0, fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_importers_answer_damaged_input_with_records_or_a_message(tmp_path, fmt):
    suffix = SEEDS[fmt][0]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(_inputs(fmt))
    def check(data: bytes) -> None:
        path = tmp_path / f"f{next(_counter)}{suffix}"
        path.write_bytes(data)
        try:
            build_graph([path], format=fmt)
        except LspGraphError as exc:
            assert str(exc).strip()  # a message, naming something
        finally:
            path.unlink()

    check()


_TEXT = st.lists(st.one_of(
    st.sampled_from(list("ABCQ abcz.,;:()&'\n-") + ["\u202e", "\x00", "\x1b", "é", "α"]),
    st.sampled_from(["We will:", "Health and Wellbeing Board", "County Council", "Strategy",
                     "2024", "12 March 2024", "Agreed that", "Meeting:", "HWB", "\n\n"])),
    max_size=120).map("".join)


@settings(max_examples=EXAMPLES * 3 // 2, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXT)
def test_extract_answers_any_text_with_items_or_a_message(tmp_path, text):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        found = extract(read(path))
    except LspGraphError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(found, dict)
