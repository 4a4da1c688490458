"""The store under attack: killed imports, concurrent writers, broken and foreign files,
read-only folders and full disks. Each failure is one line naming the file, exit 1."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import console, write
from lspgraph.graph import StoreError, load, storage
from lspgraph.importers import import_files

# Imports run in processes forked from one that has lspgraph loaded already, so that a
# kill lands in the import itself and not in the interpreter's start.
SERVER = """
import os, sys
from lspgraph.importers import import_files
for line in sys.stdin:
    store, *files = line.rstrip("\\n").split("\\t")
    pid = os.fork()
    if pid == 0:
        try:
            import_files(files, store)
        except BaseException:
            os._exit(3)
        os._exit(0)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(status, flush=True)
"""

CHILD = """
import sys
from lspgraph.importers import import_files
import_files(sys.argv[2:], sys.argv[1])
print("done", flush=True)
"""


def _organisations(path: Path, n: int, tag: str) -> Path:
    rows = "".join(f"{tag} Trust {i},nhs_body,Area {i % 7}\n" for i in range(n))
    return write(path, "name,kind,area\n" + rows)


def _memberships(path: Path, n: int, tag: str) -> Path:
    rows = "".join(f"{tag} Trust {i},Board {i % 5},member\n" for i in range(n))
    return write(path, "member,partnership,role\n" + rows)


def _state(store: Path) -> bytes:
    return storage.dumps(load(store)) if store.exists() else b""


def _only_the_store(folder: Path, store: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [store.name]


def test_killed_imports_leave_the_old_or_the_new_store(tmp_path, sample):
    """SIGKILL at random moments, 54 times over three sizes of import."""
    rng = random.Random(14)
    folder = tmp_path / "store"
    folder.mkdir()
    base = tmp_path / "base.store"
    import_files(sample, base)
    old = _state(base)
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None

    def start(store: Path, files: list[Path]) -> int:
        server.stdin.write("\t".join(map(str, [store, *files])) + "\n")
        server.stdin.flush()
        return int(server.stdout.readline())

    def reaped() -> int:
        return int(server.stdout.readline())

    kills = landed = 0
    try:
        for n in (20, 300, 1500):
            files = [_organisations(tmp_path / f"organisations-{n}.csv", n, f"K{n}"),
                     _memberships(tmp_path / f"memberships-{n}.csv", n, f"K{n}")]
            store = folder / "k.store"
            shutil.copy(base, store)
            t = time.perf_counter()
            start(store, files)
            assert reaped() == 0
            whole = time.perf_counter() - t
            new = _state(store)
            assert new != old
            for _ in range(18):
                shutil.copy(base, store)
                pid = start(store, files)
                time.sleep(rng.uniform(0, whole))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                status = reaped()
                kills += 1
                after = _state(store)
                assert after in (old, new), f"kill {kills} ({n} rows) left a third state"
                landed += after == new
                assert status in (0, signal.SIGKILL)
                assert (status == 0) <= (after == new)
                _only_the_store(folder, store)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    assert kills >= 50
    assert 0 < landed < kills  # kills landed both inside imports and after them


def test_two_concurrent_imports_through_two_links_both_land(tmp_path, sample):
    store = tmp_path / "real.store"
    import_files(sample, store)
    links = [tmp_path / "a.store", tmp_path / "b.store"]
    for link in links:
        link.symlink_to(store)
    files = [[_organisations(tmp_path / f"organisations-{t}.csv", 3000, t)] for t in "AB"]
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(link), *map(str, f)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for link, f in zip(links, files, strict=True)]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert "done" in out
    kg = load(store)
    assert {"organisation:a-trust-2999", "organisation:b-trust-2999"} <= set(kg.nx)
    assert len([s for s in kg.sources if "organisations-" in s]) == 2
    assert all(link.is_symlink() for link in links)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("store")) == \
        ["a.store", "b.store", "real.store"]


def test_a_writer_that_waits_too_long_gets_one_line(tmp_path, sample):
    store = tmp_path / "s.store"
    import_files(sample[:2], store)
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        extra = _organisations(tmp_path / "organisations.csv", 5, "W")
        out = console("import", str(extra), "--store", str(store),
                      env={"LSPGRAPH_BUSY_TIMEOUT": "0.5"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _one_line_error(out, store, "being written by another lspgraph process")
    assert console("import", str(extra), "--store", str(store)).returncode == 0


def _one_line_error(out: subprocess.CompletedProcess[str], store: Path, words: str) -> None:
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(store) in lines[0] and words in lines[0], lines[0]


@pytest.fixture
def good_store(tmp_path: Path, sample: list[Path]) -> Path:
    store = tmp_path / "good.store"
    import_files(sample, store)
    return store


def test_a_truncated_store(good_store, sample):
    data = good_store.read_bytes()
    good_store.write_bytes(data[: len(data) // 2])
    for cmd in (["info"], ["show", "Kent"], ["import", str(sample[0])], ["query", "gaps"]):
        _one_line_error(console(*cmd, "--store", str(good_store)), good_store, "truncated")


def test_a_corrupt_store(good_store, sample):
    data = bytearray(good_store.read_bytes())
    rng = random.Random(3)
    page = 4096
    for i in range(page, len(data)):  # the header survives; every table page is garbage
        data[i] = rng.randrange(256)
    good_store.write_bytes(bytes(data))
    for cmd in (["info"], ["import", str(sample[0])], ["export", "--format", "json"]):
        _one_line_error(console(*cmd, "--store", str(good_store)), good_store, "damaged")


def test_a_file_that_is_not_a_store(tmp_path, sample):
    csv = write(tmp_path / "organisations.csv", "name,kind\nAlpha,nhs_body\n")
    before = csv.read_bytes()
    for cmd in (["info"], ["show", "Alpha"], ["import", str(sample[0])]):
        _one_line_error(console(*cmd, "--store", str(csv)), csv, "not an lspgraph store")
    assert csv.read_bytes() == before
    empty = write(tmp_path / "empty.store", "")
    for cmd in (["info"], ["import", str(sample[0])], ["demo"]):
        _one_line_error(console(*cmd, "--store", str(empty)), empty, "empty (0 bytes)")
    assert empty.read_bytes() == b""


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[bool]:
    """A small tmpfs at ``folder`` (root only); False when it cannot be mounted."""
    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield False
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk(tmp_path, sample, monkeypatch):
    small = tmp_path / "small"
    with _tmpfs(small, "256k") as mounted:
        if mounted:
            store = small / "s.store"
            big = _organisations(tmp_path / "organisations.csv", 4000, "F")
            out = console("import", str(big), "--store", str(store))
            _one_line_error(out, store, "the disk is full")
            assert not [p for p in small.iterdir() if p.name.startswith(".")]
    # and, on any machine, the same error injected into SQLite itself: a store that
    # cannot grow past its present size
    store = tmp_path / "f.store"
    import_files([p for p in sample if p.name in ("areas.csv", "organisations.csv")], store)
    before = _state(store)
    real = storage._connect

    def capped(p, **kw):
        conn = real(p, **kw)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        return conn

    monkeypatch.setattr(storage, "_connect", capped)
    with pytest.raises(StoreError, match="the disk is full; the store is unchanged") as err:
        import_files(sample, store)
    assert str(store) in str(err.value)
    monkeypatch.undo()
    assert _state(store) == before


def test_a_read_only_folder(tmp_path, sample):
    ro = tmp_path / "ro"
    with _tmpfs(ro, "4m") as mounted:
        if not mounted:
            if os.geteuid() == 0:  # root writes through chmod: only a read-only mount holds
                if os.environ.get("CI"):
                    pytest.fail("CI runs as root and must be able to mount a tmpfs")
                pytest.skip("root, and no tmpfs to remount read-only")
            ro.mkdir(exist_ok=True)
        store = ro / "s.store"
        import_files(sample, store)
        before = store.read_bytes()
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        else:
            ro.chmod(0o555)
        try:
            info = console("info", "--store", str(store))
            assert info.returncode == 0, info.stderr  # reading still works
            extra = _organisations(tmp_path / "organisations.csv", 5, "R")
            _one_line_error(console("import", str(extra), "--store", str(store)), store,
                            "read-only")
            new = ro / "new.store"
            _one_line_error(console("import", str(extra), "--store", str(new)), new,
                            "read-only")
            assert store.read_bytes() == before
        finally:
            if not mounted:
                ro.chmod(0o755)


def test_store_files_follow_the_umask(tmp_path, sample):
    for mask, mode in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        store = tmp_path / f"u{mask:o}.store"
        out = subprocess.run([sys.executable, "-c",
                              f"import os, sys; os.umask({mask}); "
                              "from lspgraph.importers import import_files; "
                              "import_files(sys.argv[2:], sys.argv[1])",
                              str(store), *map(str, sample)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert store.stat().st_mode & 0o777 == mode
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".store")]


def test_a_connection_the_process_holds_keeps_its_locks(tmp_path, sample):
    """Reading a store's header must not drop the locks of an SQLite connection the same
    process holds on it (POSIX locks belong to the process and file, so closing any
    descriptor of the file drops them all). Without them another process's import takes
    the store for unused when it closes, checkpoints and deletes the WAL under the held
    connection, which then reads a damaged database."""
    store = tmp_path / "s.store"
    import_files(sample, store)
    held = sqlite3.connect(store)  # as the README's SQL example does, in a notebook
    try:
        before = held.execute("SELECT count(*) FROM nodes").fetchone()[0]
        for read in (storage.summary, load, lambda p: storage.find(p, "Kent")):
            read(store)
        added = _organisations(tmp_path / "added.csv", 5, "Held")
        proc = subprocess.run([sys.executable, "-c", CHILD, str(store), str(added)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        # the importer could not take the store for unused: the WAL is still there
        assert store.with_name(store.name + "-wal").exists()
        with contextlib.closing(sqlite3.connect(store)) as fresh:
            after = fresh.execute("SELECT count(*) FROM nodes").fetchone()[0]
        assert after > before
        assert held.execute("SELECT count(*) FROM nodes").fetchone()[0] == after
        assert held.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        held.close()
    assert storage.summary(store)["nodes"]["Organisation"] >= 5


def test_a_new_store_is_synced_then_its_folder(tmp_path, sample, monkeypatch):
    """A new store's file is synced before it is linked into place, then its folder; a
    failed sync of the file makes no store, one of the folder (some systems cannot) is
    ignored (storage._fsync)."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd):
        synced.append("folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        if fail in synced[-1:]:
            raise OSError(5, "Input/output error")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    for fail, made in ((None, True), ("folder", True), ("file", False)):
        store = tmp_path / f"{fail}.store"
        synced.clear()
        if made:
            import_files(sample, store)
        else:
            with pytest.raises(StoreError, match=f"cannot write {store}: Input/output error"):
                import_files(sample, store)
        assert synced[-2:] == ["file", "folder"] if made else synced[-1:] == ["file"]
        assert store.exists() == made
    assert sorted(p.name for p in tmp_path.iterdir()) == ["None.store", "folder.store"]
