"""Shared benchmark plumbing: child processes, statistics, machine facts.

Every measurement that needs a peak-memory figure runs in its own child
process; the parent reaps it with ``os.wait4`` and reads the kernel's own
accounting (``ru_maxrss``, user/system CPU), as ``/usr/bin/time -v`` does.
A child prints one JSON object as its last stdout line.

>>> summary([3.0, 1.0, 2.0])["median"]
2.0
>>> pct([1.0, 2.0, 3.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["ROOT", "RESULTS", "PY", "pct", "summary", "run_child", "machine", "fmt_s", "emit"]

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable


def pct(values: Sequence[float], q: float) -> float:
    """Percentile ``q`` (0–100) with linear interpolation."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values: Sequence[float]) -> dict[str, float]:
    """n, median, min, max, p50, p95 of ``values``."""
    xs = list(values)
    return {
        "n": len(xs),
        "median": statistics.median(xs) if xs else float("nan"),
        "min": min(xs) if xs else float("nan"),
        "max": max(xs) if xs else float("nan"),
        "p50": pct(xs, 50),
        "p95": pct(xs, 95),
    }


def run_child(argv: Sequence[str], *, timeout: float = 900, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``argv``; return its last-line JSON plus wall, CPU and peak RSS.

    On timeout the child is killed and ``{"timeout": True}`` is returned.
    """
    t0 = time.perf_counter()
    p = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, start_new_session=True,
    )
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.communicate()
        return {"timeout": True, "wall": time.perf_counter() - t0, "argv": list(argv)}
    wall = time.perf_counter() - t0
    # communicate() already reaped the child; its rusage is in RUSAGE_CHILDREN deltas,
    # so the child reports its own peak RSS too (resource.getrusage in-process).
    res: dict[str, Any] = {}
    text = out.decode("utf-8", "replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines:
        try:
            res = json.loads(lines[-1])  # one JSON line after any log output
        except json.JSONDecodeError:
            try:
                res = json.loads(text)  # an indented JSON document (bench_viz.py --json)
            except json.JSONDecodeError:
                res = {"stdout_tail": lines[-3:]}
        if not isinstance(res, dict):
            res = {"result": res}
    if p.returncode not in (0, 1):
        res["error"] = err.decode("utf-8", "replace")[-2000:]
    res["returncode"] = p.returncode
    res.setdefault("wall", wall)
    res["process_wall"] = wall
    return res


def machine() -> dict[str, Any]:
    """Machine and library versions."""
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or ""
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "load_average": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def fmt_s(x: float | None) -> str:
    """Seconds, human sized (``0.42 ms``, ``3.1 s``)."""
    if x is None or x != x:
        return "—"
    if x < 1e-3:
        return f"{x * 1e6:.0f} µs"
    if x < 1:
        return f"{x * 1e3:.1f} ms"
    return f"{x:.1f} s" if x < 100 else f"{x:.0f} s"


def emit(obj: dict[str, Any]) -> None:
    """Print the child's result (last stdout line) with its own peak RSS and CPU."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    obj.setdefault("peak_rss_mb", max(ru.ru_maxrss, ch.ru_maxrss) / 1024)
    obj.setdefault("cpu_s", ru.ru_utime + ru.ru_stime + ch.ru_utime + ch.ru_stime)
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def _exec_main(argv: Sequence[str]) -> None:
    """``python -m bench.harness CMD ...``: time a command, report its rusage as JSON."""
    t0 = time.perf_counter()
    p = subprocess.run(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    out: dict[str, Any] = {"wall": wall, "exit": p.returncode}
    if p.returncode not in (0, 1):
        out["stderr"] = p.stderr.decode("utf-8", "replace")[-1500:]
    emit(out)


if __name__ == "__main__":
    _exec_main(sys.argv[1:])
