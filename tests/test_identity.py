"""Identity on real documents: the hand annotations of the seeds, imported as a user would."""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from conftest import console, write
from lspgraph.graph import InputErrors
from lspgraph.importers import build_graph

SECTIONS = ("organisations", "partnerships", "strategies", "people")


def seed_yaml(shared, tmp_path, stem: str, area: str):
    """The seed's annotated bodies, people and plans as a YAML file a person could write."""
    doc = json.loads((shared / "seeds" / "expected" / f"{stem}.json").read_text())
    out = {}
    for section in SECTIONS:
        rows = []
        for item in doc[section]:
            row = {k: v for k, v in item.items() if k != "note"}
            if section != "people":
                row["area"] = area
            if section == "strategies" and row.get("owner") == "LSP":
                row.pop("owner")
            rows.append(row)
        out[section] = rows
    return write(tmp_path / f"{stem}.yaml", yaml.safe_dump(out, allow_unicode=True))


def test_hertfordshire_seed_one_ccg_under_both_spellings(shared, tmp_path):
    path = seed_yaml(shared, tmp_path, "001_c12ba0dabf3f69f6", "Hertfordshire")
    kg = build_graph([path]).graph
    ccg = kg.find("Herts Valleys CCG")
    assert ccg == kg.find("Herts Valley NHS Clinical Commissioning Group")
    assert ccg == ["organisation:herts-valleys-nhs-clinical-commissioning-group"]
    members = kg.into("partnership:hertfordshire-public-sector-leaders-steering-group",
                      "MEMBER_OF")
    assert len(members) == 6 and all(m.startswith("person:") for m in members)
    small = kg.out("person:nicolas-small", "MEMBER_OF")
    assert ccg[0] in small
    assert kg.counts()["Organisation"] == 9 and kg.counts()["Partnership"] == 6


def test_kent_and_leicester_boards_stay_two(shared, tmp_path):
    kent = seed_yaml(shared, tmp_path, "004_cc92c03a1e1232d1", "Kent")
    leic = seed_yaml(shared, tmp_path, "003_085fda8e0b9bc954", "Leicester")
    kg = build_graph([kent, leic]).graph
    boards = [p for p in kg.nodes("Partnership")
              if kg.node(p).get("kind") == "health_and_wellbeing_board"]
    assert "partnership:kent-health-and-wellbeing-board" in boards
    assert "partnership:leicester-health-and-wellbeing-board" in boards
    # 'the Board' is an alias of both: a reference to it must not guess
    assert len(kg.find("the Board")) == 2
    kent_strategy = kg.find("Kent Health and Wellbeing Strategy")[0]
    assert kg.into(kent_strategy, "OWNS") == ["partnership:kent-health-and-wellbeing-board"]


def test_same_entity_twice_is_one_node_and_near_matches_are_reported(tmp_path):
    a = write(tmp_path / "organisations.csv",
              "name,kind,aliases\nHertsmere Borough Council,district,\n"
              "Herts Valleys CCG,nhs,\n")
    b = write(tmp_path / "more_organisations.csv",
              "name,kind\nHERTSMERE  borough council,district\n"
              "Herts Valleys NHS Clinical Commissioning Group,nhs\n"
              "Hertsmere Borough Concil,district\n")
    result = build_graph([a, b])
    kg = result.graph
    assert kg.counts() == {"Organisation": 3}
    (nm,) = result.report.near_matches
    assert nm.name == "Hertsmere Borough Concil"
    assert nm.existing == "organisation:hertsmere-borough-council"


def test_possible_duplicates_are_the_same_whatever_the_hash_seed(tmp_path):
    """Each new name is reported with its five closest names, ties broken by id: the
    candidates are gathered in sets, whose order changed with Python's hash seed, so which
    five of many equally close names were printed changed from run to run."""
    import itertools

    names = [f"Ashford Care Trust {a}{b}" for a, b in itertools.product("abcdef", "klmn")]
    orgs = write(tmp_path / "organisations.csv",
                 "name,area\n" + "".join(f"{n},Kent\n" for n in names))
    said, listed = [], []
    for seed in ("1", "2", "3"):
        store = tmp_path / f"s{seed}.store"
        every = tmp_path / "duplicates.csv"  # read before the next run writes it again
        out = console("import", str(orgs), "--store", str(store), "--duplicates", str(every),
                      env={"PYTHONHASHSEED": seed})
        assert out.returncode == 0, out.stderr
        said.append([line for line in out.stderr.splitlines()
                     if line.startswith("possible duplicate")])
        with every.open(newline="", encoding="utf-8") as fh:
            listed.append(list(csv.DictReader(fh)))
    assert said[0] == said[1] == said[2]
    assert listed[0] == listed[1] == listed[2]
    # the import prints the first ten and counts the rest; the file has every one, the
    # printed ones first
    assert len(listed[0]) > 10 and len(said[0]) == 11
    assert said[0][-1] == (f"possible duplicates: {len(listed[0])}, the first 10 shown "
                           f"above; all of them are in {tmp_path / 'duplicates.csv'}")
    for line, row in zip(said[0][:10], listed[0], strict=False):
        assert line.startswith(f"possible duplicate ({row['row']}): '{row['name']}' "
                               f"({row['id']}) looks like '{row['looks_like']}' "
                               f"({row['looks_like_id']}), similarity "
                               f"{float(row['similarity']):.2f};")
    # the last name has many matches above the threshold: the five listed are the
    # closest, equal scores by id
    shown = [(-float(row["similarity"]), row["looks_like_id"]) for row in listed[0]
             if row["name"] == names[-1]]
    assert len(shown) == 5 and shown == sorted(shown) and len({s for s, _ in shown}) < 5


def test_ambiguous_generic_reference_is_an_error(tmp_path):
    boards = write(tmp_path / "partnerships.csv", "name,area\nHealth and Wellbeing Board,Kent\n"
                   "Health and Wellbeing Board,Leicester\n")
    members = write(tmp_path / "memberships.csv", "member,partnership\n"
                    "Kent County Council,Health and Wellbeing Board\n")
    with pytest.raises(InputErrors, match="could be any of"):
        build_graph([boards, members])
    members_ok = write(tmp_path / "memberships.csv", "member,partnership,area\n"
                       "Kent County Council,Health and Wellbeing Board,Kent\n")
    kg = build_graph([boards, members_ok]).graph
    assert kg.out("organisation:kent-county-council", "MEMBER_OF") == [
        "partnership:kent-health-and-wellbeing-board"]
