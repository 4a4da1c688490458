"""The second county landscape (tests/data/landscapes/lancashire): what it holds, and that
its geography is real (every code it names is in the ONS lookups, under the same name)."""

from __future__ import annotations

import csv
from collections import Counter

from conftest import LANCASHIRE, ONS, lancashire_files


def test_the_landscape_holds_what_its_readme_says(lancashire):
    kg = lancashire
    counts = Counter(kg.type_of(n) for n in kg.nodes())
    assert counts["Organisation"] == 13 and counts["Partnership"] == 5
    assert counts["Strategy"] == 4 and counts["Action"] == 21
    assert not [n for n in kg.nodes() if kg.node(n).get("inferred")
                and kg.type_of(n) in ("Organisation", "Partnership", "Strategy")]
    themes = {kg.node(t)["name"] for t in kg.nodes("Theme")}
    assert {"Starting well", "Living well", "Ageing well"} <= themes


def test_every_code_is_a_real_ons_area_with_its_name(shared):
    names: dict[str, set[str]] = {}
    for path in ONS.glob("*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            up = [h.upper() for h in header]
            pairs = [(i, up.index(h[:-2] + "NM")) for i, h in enumerate(up)
                     if h.endswith("CD") and h[:-2] + "NM" in up]
            for row in reader:
                for c, n in pairs:
                    names.setdefault(row[c], set()).add(row[n])
    used: set[str] = set()
    for path in lancashire_files():
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("covers", "within", "code"):
                    used |= {c.strip() for c in (row.get(col) or "").split(";") if c.strip()}
    assert used and all(code in names for code in used), sorted(used - set(names))
    with (LANCASHIRE / "areas.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["name"] in names[row["code"]], row


def test_no_within_link_puts_the_county_in_the_police_force_area(lancashire):
    # the police and crime plan covers E23000003; only footprints can tell that it covers
    # the county (issue 18's false gap)
    kg = lancashire
    assert "area:E23000003" not in kg.out("area:E10000017", "WITHIN")
    plan = kg.find("Police and Crime Plan for Lancashire", ("Strategy",))[0]
    assert kg.out(plan, "COVERS") == ["area:E23000003"]
