"""The questions on small graphs whose answers are known by construction, and on the sample."""

from __future__ import annotations

import json

import pytest

from conftest import console, need_semantic, write
from lspgraph import queries
from lspgraph.graph import KnowledgeGraph
from lspgraph.graph.errors import LspGraphError
from lspgraph.importers import build_graph
from lspgraph.queries.duplicates import blocked_pairs, similar_pairs, vectorise

RULES = queries.load_rules()


def tiny(tmp_path, **files: str) -> KnowledgeGraph:
    return build_graph([write(tmp_path / f"{k}.csv", v) for k, v in files.items()]).graph


@pytest.mark.parametrize("name", queries.names())
def test_every_question_answers_an_empty_graph(name):
    df = queries.run(name, KnowledgeGraph(), rules=RULES)
    assert df.empty


def test_overlaps_by_construction(tmp_path):
    kg = tiny(
        tmp_path,
        partnerships="name,covers\nBoard A,E07000095\nBoard B,E07000095;E07000096\nBoard C,\n",
        memberships="member,partnership\nOrg 1,Board A\nOrg 2,Board A\nOrg 1,Board B\n"
                    "Org 3,Board C\n",
    )
    df = queries.run("overlaps", kg, rules=RULES)
    assert len(df) == 1  # C shares nothing with anyone: no row
    row = df.iloc[0]
    assert (row.a, row.b) == ("partnership:board-a", "partnership:board-b")
    assert row.shared_members == ("Org 1",)
    assert row.members_jaccard == 0.5
    assert row.shared_areas == ("E07000095",) and row.areas_jaccard == 0.5
    w = {k: v for k, v in RULES["overlaps"]["weights"].items() if k != "actions"}
    assert row.score == pytest.approx((w["members"] * 0.5 + w["areas"] * 0.5) / sum(w.values()),
                                      abs=1e-4)
    assert row.shared_actions == () and row.actions_share == 0.0  # strategies only
    members = queries.run("overlaps", kg, rules=RULES, by="member")
    assert members["member"].tolist() == ["organisation:org-1"]
    assert members.iloc[0].boards == 2


def test_overlaps_compare_footprints_not_codes(tmp_path):
    """A county and the police force area over the same districts are one footprint under
    two codes: their areas Jaccard is 1.0 (it was 2/4 here, 0.997 with a county's LSOAs)."""
    kg = tiny(
        tmp_path,
        areas="code,name,kind,within\nE10000099,Shire,county,\nE23000099,Shire,pfa,\n"
              "E07000991,North,district,E10000099; E23000099\n"
              "E07000992,South,district,E10000099; E23000099\n",
        partnerships="name,covers\nShire Board,E10000099\nShire Safety,E23000099\n"
                     "North Forum,E07000991\n",
        memberships="member,partnership\nShire Council,Shire Board\n"
                    "Shire Council,Shire Safety\nShire Council,North Forum\n",
    )
    df = queries.run("overlaps", kg, rules=RULES)
    got = {(r.a, r.b): r for r in df.itertuples()}
    same = got[("partnership:shire-board", "partnership:shire-safety")]
    assert same.areas_jaccard == 1.0
    assert same.shared_areas == ("E07000991", "E07000992")
    part = got[("partnership:north-forum", "partnership:shire-board")]
    assert part.areas_jaccard == 0.5 and part.shared_areas == ("E07000991",)
    # --area still keeps the bodies whose areas hold that code, at any level
    assert len(queries.run("overlaps", kg, rules=RULES, area="E07000991")) == 3


def test_overlaps_meet_through_the_taxonomy(tmp_path):
    kg = tiny(
        tmp_path,
        strategies="name,owner\nPlan A,Board A\nPlan B,Board B\n",
        themes="strategy,name\nPlan A,Health and Wellbeing\nPlan B,Healthier lives for all\n",
    )
    df = queries.run("overlaps", kg, rules=RULES)
    assert df.iloc[0].shared_themes == ("Health and wellbeing",)


HWB_ACTIONS = ["Expand the stop smoking service for pregnant women",
               "Offer free swimming to children in the school holidays",
               "Train frontline staff to spot the signs of hidden harm",
               "Roll out social prescribing in every primary care network",
               "Open two new community diagnostic centres",
               "Commission a falls prevention service for people over 65"]
ICS_ACTIONS = [*HWB_ACTIONS[3:], "Recruit and keep more district nurses",
               "Move outpatient appointments online where patients prefer it",
               "Cut waiting times for planned operations"]


def test_strategies_sharing_actions_overlap_most(tmp_path):
    """An HWB strategy and an ICS strategy sharing three of the first's six actions word for
    word rank first among strategies that share areas and themes but no work; without the
    shared actions' weight they rank last."""
    plans = {"HWB plan": HWB_ACTIONS, "ICS plan": ICS_ACTIONS,
             "CSP plan": ["Run a knife crime awareness week in secondary schools",
                          "Fund independent domestic violence advisers"],
             "LSP plan": ["Bring empty shops in the town centre back into use",
                          "Support local businesses to take on apprentices"]}
    kg = tiny(
        tmp_path,
        partnerships="name,kind,covers\nHerts HWB,health_and_wellbeing_board,E10000015\n"
                     "Herts ICS,integrated_care_system,E54000025\n"
                     "Herts CSP,community_safety_partnership,E10000015\n"
                     "Herts LSP,local_strategic_partnership,E10000015\n",
        strategies="name,owner,covers\nHWB plan,Herts HWB,E10000015\n"
                   "ICS plan,Herts ICS,E54000025\nCSP plan,Herts CSP,E10000015\n"
                   "LSP plan,Herts LSP,E10000015\n",
        themes="strategy,name\nCSP plan,Safer communities\nLSP plan,Safer communities\n"
               "HWB plan,Healthy lives\nLSP plan,Healthy lives\n",
        actions="strategy,name\n" + "".join(f"{p},{a}\n" for p, acts in plans.items()
                                            for a in acts))
    df = queries.run("overlaps", kg, rules=RULES, of="strategy")
    top = df.iloc[0]
    assert (top.a_name, top.b_name) == ("HWB plan", "ICS plan")
    assert sorted(top.shared_actions) == sorted(f"{a} ~ {a}" for a in HWB_ACTIONS[3:])
    assert top.actions_share == 0.5
    w = RULES["overlaps"]["weights"]
    assert top.score == pytest.approx(w["actions"] * 0.5 / sum(w.values()), abs=1e-4)
    assert df["shared_actions"].map(len).tolist()[1:] == [0] * (len(df) - 1)
    # without the shared actions' weight the pair shares nothing that counts: last
    rules = {**RULES, "overlaps": {**RULES["overlaps"], "weights": dict(w, actions=0.0)}}
    plain = queries.run("overlaps", kg, rules=rules, of="strategy", min_score=-1.0)
    assert ("HWB plan", "ICS plan") not in set(zip(plain.a_name, plain.b_name, strict=True)) \
        or (plain.iloc[-1].a_name, plain.iloc[-1].b_name) == ("HWB plan", "ICS plan")


def test_gaps_by_construction(tmp_path):
    kg = tiny(
        tmp_path,
        areas="code,name,kind\nE10000016,Kent,county\n",
        partnerships="name,kind,covers\nKent HWB,health and wellbeing board,E10000016\n"
                     "Idle Board,steering group,\n",
        strategies="name,kind,owner,covers,status\nKent JHWS,health and wellbeing strategy,"
                   "Kent HWB,E10000016,adopted\nOrphan plan,community strategy,,E10000016,\n",
        themes="strategy,name,level\nKent JHWS,Empty theme,theme\nKent JHWS,A vision,vision\n",
        actions="strategy,theme,action,lead,due,indicator\n"
                + "".join(f"Kent JHWS,Busy theme,Action {i},Kent County Council,2015,KPI\n"
                          for i in range(5))
                + "Kent JHWS,Busy theme,Unled action,,,\n",
    )
    df = queries.run("gaps", kg, rules=RULES)
    got = {(r.kind, r.subject) for r in df.itertuples()}
    assert ("theme_without_action", "theme:kent-jhws/empty-theme") in got
    assert not any(s == "theme:kent-jhws/a-vision" for _, s in got)  # visions need no action
    unled = "action:kent-jhws/unled-action"
    for kind in ("action_without_lead", "action_without_due_date", "action_without_measure"):
        assert (kind, unled) in got
    assert not any(s == "action:kent-jhws/action-0" for _, s in got)
    assert ("too_many_key_actions", "theme:kent-jhws/busy-theme") in got  # 6 > 4
    assert ("strategy_without_owner", "strategy:orphan-plan") in got
    missing = {r.detail for r in df.itertuples() if r.kind == "required_plan_missing"}
    assert not any("health and wellbeing strategy" in d for d in missing)
    assert any("Community strategy" in d for d in missing) is False  # the orphan covers it
    assert any("Local plan" in d for d in missing)
    assert ("partnership_without_current_strategy", "partnership:idle-board") in got
    assert ("partnership_without_current_strategy", "partnership:kent-hwb") not in got
    assert all(df["rule"].str.len() > 0)


def test_gaps_without_areas(tmp_path):
    kg = tiny(tmp_path, actions="strategy,action\nPlan,Do it\n")
    kinds = set(queries.run("gaps", kg, rules=RULES)["kind"])
    assert kinds == {"action_without_lead", "action_without_due_date", "action_without_measure"}


def test_duplicates_by_construction(tmp_path):
    kg = tiny(tmp_path, actions=(
        "strategy,action\n"
        "Plan A,Develop an integrated approach to the use of technology\n"
        "Plan B,Develop an integrated approach to the use of digital technology\n"
        "Plan C,Develop integrated approaches to using technology\n"
        "Plan A,Develop an integrated approach to the use of technologies\n"
        "Plan B,Reduce smoking in pregnancy\n"))
    df = queries.run("duplicates", kg, rules=RULES, method="lexical")
    pairs = {frozenset((r.a_text, r.b_text)) for r in df.itertuples()}
    tech = "Develop an integrated approach to the use of technology"
    digital = "Develop an integrated approach to the use of digital technology"
    plural = "Develop an integrated approach to the use of technologies"
    # 'technology'/'technologies' in Plan A are alike, but one strategy: not unless asked
    assert pairs == {frozenset((tech, digital)), frozenset((digital, plural))}
    assert df.cluster.nunique() == 1  # one transitive group
    assert all(df["a_strategy"] != df["b_strategy"])
    assert not any("smoking" in t for t in [*df.a_text, *df.b_text])
    within = queries.run("duplicates", kg, rules=RULES, within=True, method="lexical")
    assert frozenset((tech, plural)) in {frozenset((r.a_text, r.b_text))
                                         for r in within.itertuples()}
    # by meaning the copies are kept, and at the realistic pairs' best tune threshold Plan C's
    # rewording is the same work too (smoking never is)
    need_semantic()
    sem = queries.run("duplicates", kg, rules=RULES, method="semantic")
    assert pairs <= {frozenset((r.a_text, r.b_text)) for r in sem.itertuples()}
    loose = queries.run("duplicates", kg, rules=RULES, method="semantic",
                        min_score=RULES["duplicates"]["semantic"]["tune_min_score"])
    got = {frozenset((r.a_text, r.b_text)) for r in loose.itertuples()}
    reworded = "Develop integrated approaches to using technology"
    assert pairs < got and frozenset((tech, reworded)) in got
    assert not any("smoking" in t for t in [*loose.a_text, *loose.b_text])


def test_top_k_search_matches_all_pairs_on_small_input():
    texts = ["reduce crime", "reduce crime now", "cut crime", "grow the economy",
             "grow our economy", "reduce crime in towns"]
    x = vectorise(texts)
    dense = (x @ x.T).toarray()
    want = {(i, j) for i in range(6) for j in range(i + 1, 6) if dense[i, j] >= 0.3}
    got = {(i, j) for i, j, _ in similar_pairs(x, top_k=10, min_score=0.3, window=2)}
    assert got == want


def test_duplicate_organisation_names(tmp_path):
    kg = tiny(tmp_path, organisations="name\nHertsmere Borough Council\nHertsmere Borough Cncl\n"
              "Kent County Council\n")
    df = queries.run("duplicates", kg, rules=RULES, kind="organisations")
    assert len(df) == 1 and {df.a[0], df.b[0]} == {"organisation:hertsmere-borough-council",
                                                   "organisation:hertsmere-borough-cncl"}


def test_rules_file_overrides_and_bad_rules(tmp_path):
    good = write(tmp_path / "rules.yaml", "gaps:\n  max_key_actions: 10\n")
    rules = queries.load_rules(good)
    assert rules["gaps"]["max_key_actions"] == 10
    assert rules["gaps"]["action_levels"] == RULES["gaps"]["action_levels"]
    bad = write(tmp_path / "bad.yaml", "gapz: {}\n")
    with pytest.raises(LspGraphError, match="unknown rule sections"):
        queries.load_rules(bad)


def test_sample_acceptance_through_the_console(tmp_path):
    store = tmp_path / "demo.store"
    demo = console("demo", "--store", str(store))
    assert demo.returncode == 0, demo.stderr
    assert "Duplicated actions" in demo.stdout and "Gaps" in demo.stdout
    dups = json.loads(console("query", "duplicates", "--format", "json", "--store",
                              str(store)).stdout)
    assert any(r["a_owner"] != r["b_owner"] for r in dups)   # across partnerships
    assert all(r["a_strategy"] != r["b_strategy"] for r in dups)
    gaps = console("query", "gaps", "--format", "json", "--store", str(store))
    assert gaps.returncode == 0  # it answered; findings are data, not an error
    failing = console("query", "gaps", "--fail-on-findings", "--format", "csv", "--store",
                      str(store))
    assert failing.returncode == 1 and failing.stdout.startswith("kind,subject")
    rows = json.loads(gaps.stdout)
    kinds = {r["kind"] for r in rows}
    assert {"action_without_lead", "action_without_due_date", "required_plan_missing"} <= kinds
    assert all(r["rule"] for r in rows)
    members = json.loads(console("query", "overlaps", "--by", "member", "--format", "json",
                                 "--store", str(store)).stdout)
    names = {r["name"] for r in members}
    assert "Hertfordshire County Council" in names
    assert all(r["boards"] >= 2 for r in members)
    pairs = json.loads(console("query", "overlaps", "--format", "json", "--store",
                               str(store)).stdout)
    for key in ("a", "b", "score", "shared_members", "shared_themes", "shared_areas"):
        assert key in pairs[0]
    md = console("query", "overlaps", "--format", "markdown", "--limit", "2", "--store",
                 str(store))
    assert md.stdout.startswith("| a | a_name |") and md.stdout.count("\n") == 4


@pytest.mark.parametrize(("probes", "window", "sorts"), [(4, 8, 2), (6, 3, 4)])
def test_candidate_work_is_bounded_per_action_and_copies_still_meet(probes, window, sorts):
    # 600 actions that all share their rarest words: an exhaustive search would compare
    # 179,700 pairs; the blocking compares each action with at most probes * sorts * window
    # others (the shipped setting and the one before it)
    texts = [f"deliver falls prevention classes for older people variant {i} {i * 7}"
             for i in range(600)]
    texts.append("deliver falls prevention clasess for older people variant 17 119")  # a typo
    x = vectorise(texts)
    i, j = blocked_pairs(x, texts, probes=probes, window=window, sorts=sorts)
    assert len(i) <= len(texts) * probes * sorts * window < len(texts) * (len(texts) - 1) // 2
    got = similar_pairs(x, top_k=10, min_score=0.0, keys=texts, probes=probes, window=window,
                        sorts=sorts)
    assert any({i, j} == {17, 600} for i, j, _ in got)

