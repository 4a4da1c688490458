"""lspgraph view: self-contained pages, checked as files and in headless Chromium."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import console, open_view, sample_files, write
from lspgraph import queries
from lspgraph.graph.errors import LspGraphError
from lspgraph.importers import build_graph
from lspgraph.outputs import view as views

XSS = '<img src=x onerror="window.__xss=1">'


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append(f"{tag} {name}={value}")


def _open(browser, path):
    open_view(browser, path, seconds=15)


@pytest.fixture(scope="module")
def sample_view(tmp_path_factory):
    store = tmp_path_factory.mktemp("view") / "s.store"
    console("import", *map(str, sample_files()), "--store", str(store))
    out = store.with_name("v.html")
    done = console("view", "--out", str(out), "--highlight", "duplicates", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return out, build_graph(sample_files()).graph


def test_page_is_self_contained(sample_view):
    out, _ = sample_view
    text = out.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    assert parser.refs == []  # no src= or href= at all: every script and style is inline
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_page_in_chromium(sample_view, browser):
    out, kg = sample_view
    _open(browser, out)
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return window.lspgraphView.nodes") == kg.nx.number_of_nodes()
    painted = browser.execute_script("""
        const c = document.querySelector('#net canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;""")
    assert painted > 5000  # the network is drawn, not a blank canvas
    png = browser.get_screenshot_as_png()
    assert len(png) > 20_000


def test_highlight_duplicates_matches_the_query(sample_view, browser):
    out, kg = sample_view
    _open(browser, out)
    shown = {frozenset(p) for p in browser.execute_script("return window.lspgraphView.pairs")}
    df = queries.run("duplicates", kg, rules=queries.load_rules())
    assert shown and shown == {frozenset((a, b)) for a, b in zip(df.a, df.b, strict=True)}
    items = browser.execute_script(
        "return [...document.querySelectorAll('#findings li')].map(li => li.textContent)")
    assert len(items) == len(df)


def test_names_render_as_text(tmp_path, browser):
    kg = build_graph([write(tmp_path / "organisations.csv",
                            f'name,note\n"{XSS.replace(chr(34), chr(34) * 2)}",'
                            '</script><script>window.__xss=2</script>\nKent County Council,\n'),
                      ]).graph
    page = views.build(kg, highlight="gaps")
    path = page.save(tmp_path / "x.html")
    assert "</script><script>window.__xss" not in page.html
    _open(browser, path)
    assert browser.execute_script("return window.__xss") is None
    tip = browser.execute_script(
        "const ds = window.lspgraphView.network.body.data.nodes;"
        "return ds.get().map(n => n.title.textContent).join(' | ')")
    assert XSS in tip and "window.__xss=2" in tip  # shown as text


def test_scope_and_limits(tmp_path, sample_view):
    _, kg = sample_view
    page = views.build(kg, focus="Kent Health and Wellbeing Board", depth=1)
    assert 1 < page.nodes < kg.nx.number_of_nodes()
    only = views.build(kg, types=["Partnership", "Organisation"])
    assert only.nodes == sum(1 for n in kg.nodes() if kg.type_of(n) in ("Partnership",
                                                                         "Organisation"))
    with pytest.raises(LspGraphError, match="--max-nodes 50.*--focus"):
        views.build(kg, max_nodes=50)
    with pytest.raises(LspGraphError, match="no such node type"):
        views.build(kg, types=["Widget"])
    assert views.build(kg, area="E10000016").nodes < kg.nx.number_of_nodes()
    html = only._repr_html_()
    assert html.startswith("<iframe srcdoc=") and "<script>" not in html


def test_view_errors_through_the_console(sample_view, tmp_path):
    out, _ = sample_view
    store = out.with_name("s.store")
    bad = console("view", "--out", str(tmp_path / "v.html"), "--max-nodes", "10",
                  "--store", str(store))
    assert bad.returncode == 1 and "narrow the view" in bad.stderr
    assert not (tmp_path / "v.html").exists()
