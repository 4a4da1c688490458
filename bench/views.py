"""Graph views at size: ``python -m bench.views [--write BENCHMARKS.md]``.

Builds landscapes of about 2,000 and 10,000 nodes with the seeded generator, writes the
view of each (time and page size) against pyvis's own ``from_nx`` + ``generate_html`` of the
same graph in the same run, and opens both pages in headless Chromium (Debian's chromium
and chromium-driver): seconds from asking for the page until lspgraph's page is drawn and
settled, against pyvis's page until its physics stabilises (given up after 60 s).
"""

from __future__ import annotations

import argparse
import re
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


def _driver():
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
    driver.set_page_load_timeout(90)
    return driver


def _settle(path: Path, limit: float = 60.0) -> float | None:
    """Seconds from asking for the page (in a fresh headless Chromium) until it says it is
    settled; None when not within ``limit`` or when the browser stops answering."""
    driver = _driver()
    if driver is None:
        return None
    t = time.perf_counter()
    try:
        driver.get(path.resolve().as_uri())
        while time.perf_counter() - t < limit:
            if driver.execute_script(OURS_SETTLED):
                return time.perf_counter() - t
            time.sleep(0.05)
    except Exception:  # noqa: BLE001 - a page that blocks the browser past its timeouts
        return None
    finally:
        driver.quit()
    return None


OURS_SETTLED = "return !!(window.lspgraphView && window.lspgraphView.settled)"


def _physics_page(page: str, n: int, path: Path) -> None:
    """The same page laid out as lspgraph's views were before issue 19: no positions,
    vis-network's Barnes-Hut physics stabilising first (as many iterations as then)."""
    iterations = 400 if n <= 500 else max(50, 200_000 // n)
    page = re.sub(r',"x":-?[0-9.]+,"y":-?[0-9.]+', "", page)
    page = page.replace('"physics":{"enabled":false}',
                        '"physics":{"enabled":true,"solver":"barnesHut","stabilization":'
                        f'{{"enabled":true,"iterations":{iterations},"updateInterval":25}}}}')
    path.write_text(page, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.views")
    ap.add_argument("--write", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    lines = ["| graph | view: seconds | page KiB | pyvis from_nx + generate_html: seconds "
             "| ratio | drawn and settled in Chromium | laid out by physics | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    chromium = shutil.which("chromium") and shutil.which("chromedriver")
    for target, scale in ((2000, 0.0125), (10000, 0.064)):
        land = generate(tmp / str(target), scale=scale)
        kg = build_graph(sorted((land.out / "data").glob("*.csv"))).graph
        t = time.perf_counter()
        page = build(kg, max_nodes=100_000)
        ours = time.perf_counter() - t
        path = page.save(tmp / f"view{target}.html")
        base = _pyvis(kg)
        ratio = f"{base / ours:.1f}× faster" if ours <= base else f"{ours / base:.1f}× slower"
        settle = base_settle = None
        if chromium:
            settle = _settle(path)
            _physics_page(page.html, page.nodes, tmp / f"physics{target}.html")
            base_settle = _settle(tmp / f"physics{target}.html")
        shown = f"{settle:.1f} s" if settle is not None else "not measured"
        their = (f"{base_settle:.1f} s" if base_settle is not None else
                 "over 60 s" if chromium else "not measured")
        if settle and base_settle:
            s_ratio = f"{base_settle / settle:.1f}× faster"
        elif settle and chromium:
            s_ratio = f"over {60 / settle:.0f}× faster"
        else:
            s_ratio = "—"
        lines.append(f"| {page.nodes:,} nodes, {page.edges:,} edges | {ours:.2f} | "
                     f"{len(page.html) / 1024:,.0f} | {base:.2f} | {ratio} | {shown} | "
                     f"{their} | {s_ratio} |")
    text = "\n".join(lines)
    from .publish import publish

    publish(text, args.write, "views")


if __name__ == "__main__":
    main()
