"""The gazetteer of public bodies: built from the real ONS lookups in ../shared, and used by
document extraction to find and code the bodies documents name (texts of our own)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import yaml

from lspgraph.documents import read_text
from lspgraph.documents.extract import extract
from lspgraph.documents.gazetteer import codes, find, serving
from lspgraph.schemas import read_reference

ROOT = Path(__file__).resolve().parent.parent


def _bodies(text: str) -> dict[str, dict]:
    found = extract(read_text(text, "<test>"))
    return {b["name"]: b for k in ("organisations", "partnerships") for b in found[k]}


def test_shipped_list_is_what_the_tool_writes_from_ons(shared, tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_bodies", ROOT / "tools" / "make_bodies.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    (tmp_path / "schemas").mkdir()
    tool.main(shared / "data" / "ons")
    written = yaml.safe_load((tmp_path / "schemas" / "public_bodies.yaml").read_text())
    assert written == read_reference("public_bodies.yaml")
    assert "Open Government Licence" in written["licence"]


def test_every_icb_police_force_and_fire_authority_of_the_lookups_is_listed(shared):
    ons = shared / "data" / "ons"
    icbs = set(pd.read_csv(ons / "lsoa21_sicbl24_icb24_en.csv", dtype=str).ICB24CD)
    pfas = set(pd.read_csv(ons / "lad24_csp24_pfa24_ew.csv", dtype=str).PFA24CD)
    fras = set(pd.read_csv(ons / "lad24_fra24_ew.csv", dtype=str).FRA24CD)
    assert codes("icb") == icbs and len(icbs) == 42
    assert codes("police_force_area") == pfas
    assert codes("fire_authority") == fras


def test_a_body_written_without_a_head_rule_is_found_with_its_code():
    found = _bodies("Partners include Marshfield District Council, Norfolk and Waveney ICB "
                    "and the London Borough of Camden.")
    icb = found["Norfolk and Waveney ICB"]
    assert icb["code"] == "E54000022" and icb["kind"] == "nhs_body"
    assert "NHS Norfolk and Waveney Integrated Care Board" in icb["aliases"]
    assert found["London Borough of Camden"]["code"] == "E09000007"
    assert "code" not in found["Marshfield District Council"]  # not a real council


def test_ampersand_and_and_are_one_name():
    found = _bodies("Devon & Cornwall Police and Devon and Somerset Fire and Rescue Service "
                    "attended.")
    assert found["Devon & Cornwall Police"]["code"] == "E23000035"
    assert found["Devon and Somerset Fire and Rescue Service"]["kind"] == "fire"


def test_a_longer_name_is_not_cut_to_the_known_body():
    assert find("The Kent Police and Crime Panel met in May.") == []
    assert [w for w, *_ in find("Kent Police and Essex Police met.")] == ["Kent Police",
                                                                          "Essex Police"]


def test_the_icb_alone_is_the_icb_the_document_names():
    found = _bodies("NHS Devon Integrated Care Board chairs the group. The ICB agreed to "
                    "fund two posts.")
    assert "ICB" not in found
    assert "ICB" in found["NHS Devon Integrated Care Board"]["aliases"]


def test_the_icb_alone_stands_as_the_icb_serving_the_documents_area():
    doc = read_text("Suffolk Health and Wellbeing Board\n\nThe board met in Ipswich. The ICB "
                    "presented its forward plan for Suffolk.", "<test>")
    found = extract(doc)
    icb = next(o for o in found["organisations"] if o["name"] == "ICB")
    assert found["document"]["area"] == "Suffolk"
    assert icb["code"] == serving("icb", "Suffolk")["code"]
    assert icb["aliases"] == ["NHS Suffolk and North East Essex Integrated Care Board"]


def test_two_spellings_of_one_known_body_are_one_body():
    found = _bodies("Ann Vale, Chair, NHS Norfolk and Waveney Integrated Care Board, opened "
                    "the meeting. Ben Ash, NHS Norfolk and Waveney ICB, took the minutes.")
    icbs = [n for n in found if "Waveney" in n]
    assert icbs == ["NHS Norfolk and Waveney Integrated Care Board"]
    assert "NHS Norfolk and Waveney ICB" in found[icbs[0]]["aliases"]


def test_a_police_fire_and_crime_commissioner_and_a_place_without_the():
    found = _bodies("The Police, Fire and Crime Commissioner for Essex and NHS Cornwall and "
                    "Isles of Scilly ICB sent apologies.")
    assert found["Police, Fire and Crime Commissioner for Essex"]["kind"] == "police"
    assert found["NHS Cornwall and Isles of Scilly ICB"]["code"] == "E54000036"
