"""Graph views at size: ``python -m bench.views [--write BENCHMARKS.md]``.

Builds landscapes of about 2,000 and 10,000 nodes with the seeded generator, writes the
view of each (time and page size) against pyvis's own ``from_nx`` + ``generate_html`` of the
same graph in the same run, and opens the 2,000-node page in headless Chromium (Debian's
chromium and chromium-driver) to time how long its layout takes to settle.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from lspgraph.importers import build_graph
from lspgraph.outputs.view import build

from .generate import generate


def _pyvis(kg) -> float:
    from pyvis.network import Network

    g = kg.nx.__class__()
    g.add_nodes_from((n, {"label": kg.label(n), "title": kg.label(n)}) for n in kg.nx)
    g.add_edges_from((u, v) for u, v, _ in kg.nx.edges(keys=True))
    t = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(g)
    net.generate_html()
    return time.perf_counter() - t


def _settle(path: Path) -> float | None:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--window-size=1200,800"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    try:
        driver.set_page_load_timeout(120)
        driver.get(path.resolve().as_uri())
        for _ in range(1200):
            ms = driver.execute_script(
                "return window.lspgraphView && window.lspgraphView.settleMs")
            if ms is not None:
                return ms / 1000
            time.sleep(0.1)
        return None
    finally:
        driver.quit()


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.views")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    lines = ["| graph | view: seconds | page KiB | pyvis from_nx + generate_html: seconds "
             "| ratio | layout settles in Chromium |", "|---|---:|---:|---:|---:|---:|"]
    for target, scale in ((2000, 0.0125), (10000, 0.064)):
        land = generate(tmp / str(target), scale=scale)
        kg = build_graph(sorted((land.out / "data").glob("*.csv"))).graph
        t = time.perf_counter()
        page = build(kg, max_nodes=100_000)
        ours = time.perf_counter() - t
        path = page.save(tmp / f"view{target}.html")
        base = _pyvis(kg)
        settle = _settle(path) if target == 2000 else None
        ratio = f"{base / ours:.1f}× faster" if ours <= base else f"{ours / base:.1f}× slower"
        lines.append(f"| {page.nodes:,} nodes, {page.edges:,} edges | {ours:.2f} | "
                     f"{len(page.html) / 1024:,.0f} | {base:.2f} | {ratio} | "
                     + (f"{settle:.1f} s" if settle is not None else "not measured") + " |")
    text = "\n".join(lines)
    from .publish import publish

    publish(text, args.write, "views")


if __name__ == "__main__":
    main()
