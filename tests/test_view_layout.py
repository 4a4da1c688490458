"""A view an analyst can read: labels, scope, findings in view, groups that open, the side
panel; checked on the demo and on a generated 20,000-node landscape in headless Chromium."""

from __future__ import annotations

import time

import pytest

from conftest import bench_module, console, open_view, sample_files
from lspgraph import queries
from lspgraph.importers import build_graph
from lspgraph.outputs import view as views


def _open(browser, path):
    open_view(browser, path, seconds=30)


@pytest.fixture(scope="module")
def demo():
    return build_graph(sample_files()).graph


def test_partnerships_are_labelled_on_the_demo_view(demo, tmp_path, browser):
    page = views.build(demo, highlight="gaps").save(tmp_path / "v.html")
    _open(browser, page)
    labels = browser.execute_script("""
        const net = window.lspgraphView.network;
        return Object.values(net.body.nodes).filter(n => n.options.group === 'Partnership')
            .map(n => [n.id, n.options.label, n.labelModule.visible()]);""")
    partnerships = set(demo.nodes("Partnership"))
    assert {i for i, *_ in labels} == partnerships
    for node, label, visible in labels:
        assert visible, node  # drawn at the zoom the page opens with
        assert label.rstrip("…") and demo.label(node).startswith(label.rstrip("…"))
    # the others wait for a closer zoom; every node is inside the window (fit on load)
    hidden = browser.execute_script("""
        const net = window.lspgraphView.network;
        net.moveTo({scale: 0.3, animation: false});
        return Object.values(net.body.nodes).filter(n => n.options.group === 'Action')
            .filter(n => n.labelModule.visible()).length;""")
    assert hidden == 0
    title = browser.title
    assert title == "lspgraph: the whole landscape"


def test_partnership_view_and_its_findings(demo, tmp_path, browser):
    p = demo.find("Hertfordshire Public Sector Leaders Steering Group", ("Partnership",))[0]
    v = views.build(demo, partnership=p, highlight="gaps")
    assert v.title == f"lspgraph: {demo.label(p)} and its members"
    path = v.save(tmp_path / "p.html")
    _open(browser, path)
    shown = set(browser.execute_script("return window.lspgraphView.network.body.data.nodes"
                                       ".getIds()"))
    strategies = demo.out(p, "OWNS")
    inside = {n for n in demo.nodes() if demo.node(n).get("scope") in strategies}
    assert {n for n in inside if demo.type_of(n) in ("Theme", "Action")} <= shown
    assert any(demo.type_of(n) == "Action" for n in shown)
    # the findings listed are exactly the question's findings about nodes in view
    q = queries.get("gaps")
    every = q.findings(demo, q.answer(demo))
    expected = sorted(f.text for f in every if f.nodes and set(f.nodes) <= shown)
    assert len(expected) < len(every)  # the others are about nodes out of view
    listed = browser.execute_script(
        "return [...document.querySelectorAll('#findings li')].map(li => li.textContent)")
    assert expected and sorted(listed) == expected
    # clicking one selects its nodes and shows the first in the side panel
    browser.execute_script("document.querySelector('#findings li').click()")
    selected = browser.execute_script("return window.lspgraphView.network.getSelectedNodes()")
    assert selected and set(selected) <= shown
    name = browser.execute_script("return document.getElementById('d-name').textContent")
    assert name == demo.label(selected[0])


def test_side_panel_shows_source_quote_and_neighbours(tmp_path, browser, shared):
    from conftest import SEEDS

    kg = build_graph([next(SEEDS.glob("001*"))]).graph
    quoted = next(n for n in kg.nodes("Action")
                  if any(p.quote for p in kg.node(n)["provenance"]))
    path = views.build(kg).save(tmp_path / "q.html")
    _open(browser, path)
    panel = browser.execute_script(f"""
        const net = window.lspgraphView.network;
        net.selectNodes([{quoted!r}]);
        net.body.emitter.emit('click', {{nodes: [{quoted!r}], edges: []}});
        return [document.getElementById('d-name').textContent,
                document.getElementById('d-quote').textContent,
                [...document.querySelectorAll('#neighbours li')].map(li => li.textContent)];""")
    name, quote, neighbours = panel
    assert name == kg.label(quoted) and len(quote) > 10
    assert len(neighbours) == len(set(kg.nx.predecessors(quoted)) | set(kg.nx.successors(quoted)))
    browser.execute_script("document.querySelector('#neighbours li').click()")
    now = browser.execute_script("return document.getElementById('d-name').textContent")
    assert now != name


@pytest.fixture(scope="module")
def landscape(tmp_path_factory):
    """A generated landscape of about 20,000 nodes (areas down to LSOAs)."""
    land = bench_module("generate").generate(tmp_path_factory.mktemp("land"), scale=0.4)
    kg = build_graph(sorted((land.out / "data").glob("*.csv"))).graph
    assert kg.nx.number_of_nodes() > 20_000
    return kg


def test_a_big_landscape_is_grouped_and_a_group_opens(landscape, tmp_path, browser):
    v = views.build(landscape)
    assert 0 < v.nodes <= views.MAX_NODES and v.groups > 0
    path = v.save(tmp_path / "big.html")
    _open(browser, path)
    before, group, size = browser.execute_script("""
        const v = window.lspgraphView, ns = v.network.body.data.nodes;
        const g = ns.get({filter: n => n.isGroup})[0];
        return [ns.length, g.id, g.members.length];""")
    assert before == v.nodes and before <= views.MAX_NODES
    assert browser.execute_script(f"return window.lspgraphView.open({group!r})")
    after = browser.execute_script("return window.lspgraphView.network.body.data.nodes.length")
    assert after == before - 1 + size


def test_area_views_show_districts_unless_asked(landscape):
    county = next(n for n in landscape.nodes("Area") if landscape.node(n).get("kind") == "county")
    code = landscape.node(county)["code"]
    coarse = views.build(landscape, area=code, types=["Area", "Organisation"])
    fine = views.build(landscape, area=code, types=["Area", "Organisation"], detail="lsoa")
    kinds = {landscape.node(n).get("kind") for n in coarse.ids if n in landscape.nx}
    assert "lsoa" not in kinds and "district" in kinds
    assert any(landscape.node(n).get("kind") == "lsoa" for n in fine.ids if n in landscape.nx)
    assert coarse.nodes < fine.nodes
    assert f"around {landscape.label(county)} ({code})" in coarse.title


def test_view_api_and_console(tmp_path):
    store = tmp_path / "s.store"
    console("demo", "--store", str(store))
    v = views.view(store, partnership="Hertfordshire Forward")
    assert isinstance(v, views.View) and v.nodes > 20
    assert v._repr_html_().startswith("<iframe srcdoc=")
    out = tmp_path / "v.html"  # the README's commands
    done = console("view", "--out", str(out), "--area", "E10000015", "--detail", "lsoa",
                   "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "<title>lspgraph: around Hertfordshire (E10000015)</title>" in out.read_text()
    done = console("view", "--out", str(out), "--partnership", "Hertfordshire Forward",
                   "--highlight", "gaps", "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "lspgraph: Hertfordshire Forward and its members:" in done.stdout


def test_side_panel_draws_the_footprint(demo, tmp_path, browser):
    forward = demo.find("Hertfordshire Forward", ("Partnership",))[0]
    path = views.build(demo).save(tmp_path / "m.html")
    _open(browser, path)
    browser.execute_script("window.lspgraphView.network.body.emitter.emit('click', "
                           "{nodes: [arguments[0]], edges: []})", forward)
    for _ in range(50):
        done = browser.execute_script(
            "const i = document.getElementById('d-map'); return [i.hidden, i.complete, "
            "i.naturalWidth, i.alt]")
        if done[1] and done[2]:
            break
        time.sleep(0.1)
    hidden, _, width, alt = done
    assert not hidden and width == 280 and alt == "Map of Hertfordshire Forward's footprint"
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
