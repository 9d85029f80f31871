"""Nothing lost: a killed or interrupted build leaves the stored graph usable.

The tests never race the build: it runs with the test-only pause hook
(``cchc_kg.kg.ingest.PAUSE_ENV``), which stores one file per batch and, after the
first batch is committed, signals ``<dir>/paused`` and waits for ``<dir>/resume``.
The test interrupts or probes the build only once it has signalled.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_kg.kg.ingest import PAUSE_ENV

N = 16

CLI = [sys.executable, "-c", "from cchc_kg.cli.core import main; main()"]


def run(*args: str, check_code: int | None = None) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600)
    if check_code is not None:
        assert res.returncode == check_code, res.stderr + res.stdout
    return res


@pytest.fixture()
def many_files(seeds_dir: Path, tmp_path: Path) -> Path:
    """N distinct plan files (seed texts with a numbered marker line)."""
    d = tmp_path / "many"
    d.mkdir()
    # not the Long Phú plan: it is the "old graph" the interrupted build must leave unchanged
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("0*.txt")) if not p.name.startswith("003")]
    for i in range(N):
        (d / f"plan{i:03d}.txt").write_text(texts[i % len(texts)] + f"\n\nBản sao kiểm thử {i}.\n", encoding="utf-8")
    return d


def loaded_sources(store: Path) -> set[str]:
    """Source files stored (copies of one seed share a document identity)."""
    from cchc_kg.kg.store import GraphStore

    return set(GraphStore.open(store).sources())


def _ctrl_c_interrupts() -> None:
    """In the child: Ctrl-C stops it, whatever the test run inherited (a run started in the
    background by a shell ignores SIGINT, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(src: Path, store: Path, pause: Path) -> subprocess.Popen[str]:
    """A build that pauses (holding the write lock) after committing its first file."""
    pause.mkdir(exist_ok=True)
    env = {**os.environ, PAUSE_ENV: str(pause)}
    return subprocess.Popen([*CLI, "build", str(src), "--store", str(store)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_ctrl_c_interrupts)


def wait_until_paused(pause: Path, proc: subprocess.Popen[str]) -> None:
    """Block until the build signals that its first batch is stored (it then waits to be released).

    The deadline only turns a broken hook into a failure instead of a hang.
    """
    deadline = time.monotonic() + 600
    while not (pause / "paused").exists():
        if proc.poll() is not None:
            pytest.fail(f"the build ended (code {proc.returncode}) without pausing: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail("the build never signalled its first committed batch")
        time.sleep(0.02)
    assert (pause / "paused").read_text().strip() == f"pid {proc.pid}"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_build_keeps_the_old_graph(seeds_dir: Path, many_files: Path, tmp_path: Path, sig: int) -> None:
    store = tmp_path / "store"
    first = seeds_dir / "003_dad5fdeea82cee8c.txt"
    run("build", str(first), "--store", str(store), check_code=0)
    before = loaded_sources(store)
    bases_before = run("bases", str(first), "--json", "--store", str(store), check_code=0).stdout

    pause = tmp_path / "pause"
    proc = start_build(many_files, store, pause)
    wait_until_paused(pause, proc)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, proc.stderr.read()
        assert "chạy lại đúng lệnh này để tiếp tục" in proc.stderr.read()  # Vietnamese by default

    # the old graph still answers, unchanged; the one committed file is kept
    after = loaded_sources(store)
    assert before < after and len(after) == len(before) + 1
    assert run("bases", str(first), "--json", "--store", str(store), check_code=0).stdout == bases_before
    assert run("validate", "--store", str(store)).returncode == 0

    # re-running resumes: finished files are skipped, the rest is loaded
    res = run("build", str(many_files), "--store", str(store), "--json", check_code=0)
    summary = json.loads(res.stdout)
    assert (summary["loaded"], summary["unchanged"]) == (N - 1, 1)
    assert len(loaded_sources(store)) == N + 1


def test_concurrent_build_is_refused(many_files: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    pause = tmp_path / "pause"
    proc = start_build(many_files, store, pause)
    try:
        wait_until_paused(pause, proc)
        res = run("build", str(many_files), "--store", str(store))
        assert res.returncode == 2
        assert "đang được ghi bởi pid" in res.stderr and str(proc.pid) in res.stderr
        (pause / "resume").touch()  # release: the first build finishes normally
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert out.startswith(f"{N} tệp: {N} đã nạp, 0 không đổi, 0 có vấn đề"), out
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
    assert os.path.isdir(store / "oxigraph")
    assert len(loaded_sources(store)) == N
