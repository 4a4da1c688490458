"""Regenerate the README's screenshots: docs/view.png and docs/map.png.

    python tools/screenshots.py      # needs Debian's chromium and chromium-driver (selenium)

docs/view.png is the demo's view (``lspgraph view --highlight duplicates``) with
Hertfordshire Forward selected in the side panel; docs/map.png is the map the partnership
report draws for the demo's two Hertfordshire CCGs (``lspgraph map``), as Chromium shows them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from lspgraph.importers import build_graph
from lspgraph.outputs import maps
from lspgraph.outputs import view as views

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _driver(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        sys.exit("needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", f"--window-size={width},{height}",
                "--hide-scrollbars"):
        opts.add_argument(arg)
    return webdriver.Chrome(service=Service(driver_path), options=opts)


def main() -> None:
    folder = resources.files("lspgraph.sample")
    files = sorted(Path(str(p)) for p in folder.iterdir()
                   if p.name.endswith((".csv", ".geojson")))
    kg = build_graph(files).graph
    tmp = Path(tempfile.mkdtemp())
    DOCS.mkdir(exist_ok=True)
    page = views.build(kg, highlight="duplicates").save(tmp / "view.html")
    forward = kg.find("Hertfordshire Forward", ("Partnership",))[0]
    drawn = maps.build(kg, ["Herts Valleys CCG", "East and North Herts CCG"], width=560)
    map_page = tmp / "map.html"
    map_page.write_text(drawn.html(), encoding="utf-8")
    driver = _driver(1280, 800)
    try:
        driver.get(page.resolve().as_uri())
        for _ in range(300):
            if driver.execute_script("return !!(window.lspgraphView && "
                                     "window.lspgraphView.settled)"):
                break
            time.sleep(0.1)
        driver.execute_script(
            "const v = window.lspgraphView; v.network.selectNodes([arguments[0]]);"
            "v.network.body.emitter.emit('click', {nodes: [arguments[0]], edges: []});"
            "v.network.focus(arguments[0], {scale: 0.75, animation: false});",
            forward)
        time.sleep(0.5)
        driver.save_screenshot(str(DOCS / "view.png"))
        driver.get(map_page.resolve().as_uri())
        time.sleep(0.5)
        driver.find_element("css selector", "figure.map").screenshot(str(DOCS / "map.png"))
    finally:
        driver.quit()
    for name in ("view.png", "map.png"):
        print(f"{DOCS / name}: {(DOCS / name).stat().st_size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
