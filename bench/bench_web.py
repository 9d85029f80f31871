"""Load on ``cchc-kg serve``: concurrent clients on document pages while a build writes the same store.

    .venv/bin/python bench/bench_web.py                       # gazette store, 50 clients, 60 s, build of corpus/local
    .venv/bin/python bench/bench_web.py --copy-of /tmp/gazette-store   # serve a copy of a prebuilt gazette store
    .venv/bin/python bench/bench_web.py --clients 10 --seconds 10 --no-build
    .venv/bin/python bench/bench_web.py --copy-of S --serve-cmd ".venv/bin/python /tmp/old/run_old.py"  # other code, same load

Steps: build ``../shared/corpus/gazette`` into a fresh store (or reuse
``--store``), start ``cchc-kg serve`` on a free loopback port in its own
process, list the loaded documents through ``/api/docs``, then start a
``cchc-kg build ../shared/corpus/local`` into the same store and run
``--clients`` threads, each with its own keep-alive connection, asking
random ``/doc/…`` pages for ``--seconds``. Reports latency percentiles of
the document page (all requests, and those made while the build was
running), errors by status, throughput, how often the server saw a new
snapshot, and whether the build finished cleanly; the server's CPU time
per request (user + system, from ``/proc``: steadier than latency on a
shared machine), failed requests by kind (HTTP status, or the client
exception such as ``ConnectionResetError``) and the read races and
unexpected errors the server logged. Prints one JSON object
(last line) and writes it to ``bench/results/web.json``.

A benchmark, not a test: it reports numbers, it does not judge them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import RESULTS, ROOT, machine, summary  # noqa: E402

__all__ = ["main"]

CLI = str(Path(sys.executable).with_name("cchc-kg"))
SHARED = ROOT.parent / "shared"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def wait_up(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if get(c, "/api/openapi.json")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="Existing store to serve (default: build the gazette into a temporary one).")
    ap.add_argument("--copy-of", type=Path, help="Serve a temporary copy of this store (a prebuilt gazette store; the build then writes into the copy).")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "gazette")
    ap.add_argument("--build", type=Path, default=SHARED / "corpus" / "local", help="Folder built into the store during the load.")
    ap.add_argument("--no-build", action="store_true", help="Measure without a concurrent build.")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--pages", type=int, default=100, help="Distinct document pages asked.")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--serve-cmd", default=CLI, help="Command that runs the CLI for `serve` (to measure other code side by side).")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-web-"))
    store = args.store
    t_build0 = None
    if store is None and args.copy_of is not None:
        store = tmp / "store"
        shutil.copytree(args.copy_of, store, ignore=shutil.ignore_patterns("write.lock"))
    elif store is None:
        store = tmp / "store"
        t0 = time.perf_counter()
        subprocess.run([CLI, "build", str(args.corpus), "--store", str(store), "--json"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t_build0 = round(time.perf_counter() - t0, 1)
    port = free_port()
    log_path = tmp / "server.log"
    log_file = open(log_path, "wb")  # noqa: SIM115 - a file, not an unread pipe that could fill and block the server
    server = subprocess.Popen([*shlex.split(args.serve_cmd), "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log_file)
    result: dict = {"machine": machine(), "clients": args.clients, "seconds": args.seconds, "store": str(args.corpus),
                    "initial_build_s": t_build0, "serve_cmd": args.serve_cmd}
    try:
        wait_up(port, server)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        status, body = get(c, "/api/docs?loaded=true")
        docs = json.loads(body)
        rnd = random.Random(args.seed)
        paths = ["/doc/" + quote(d["key"], safe="/") for d in rnd.sample(docs, min(args.pages, len(docs)))]
        result["documents_loaded"] = len(docs)
        # warm each page once, as a shared server would be
        for p in paths:
            get(c, p)

        builder = None
        build_window: list[float] = []
        if not args.no_build:
            builder = subprocess.Popen([CLI, "build", str(args.build), "--store", str(store), "--json"],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            build_window.append(time.monotonic())

            def watch() -> None:
                builder.wait()
                build_window.append(time.monotonic())

            threading.Thread(target=watch, daemon=True).start()

        samples: list[tuple[float, float, int | str]] = []  # (start, seconds, HTTP status or client exception)
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(i: int) -> None:
            r = random.Random(args.seed + i)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine = []
            while time.monotonic() < stop:
                p = r.choice(paths)
                t0 = time.monotonic()
                try:
                    st: int | str = get(conn, p)[0]
                except (OSError, http.client.HTTPException) as e:
                    st = type(e).__name__
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                mine.append((t0, time.monotonic() - t0, st))
            with lock:
                samples.extend(mine)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t_start = time.monotonic()
        cpu0 = cpu_seconds(server.pid)
        client_cpu0 = time.process_time()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.monotonic() - t_start
        cpu1 = cpu_seconds(server.pid)
        client_cpu = time.process_time() - client_cpu0
        ok = [s for s in samples if s[2] == 200]
        errors: dict[str, int] = {}
        for s in samples:
            if s[2] != 200:
                errors[str(s[2])] = errors.get(str(s[2]), 0) + 1
        lat_ms = [s[1] * 1000 for s in ok]
        result.update({
            "requests": len(samples), "ok": len(ok), "errors": errors, "rps": round(len(samples) / elapsed, 1),
            "latency_ms": {k: round(v, 1) for k, v in summary(lat_ms).items()},
            "server_cpu_ms_per_request": round((cpu1 - cpu0) * 1000 / max(1, len(samples)), 3) if cpu0 is not None and cpu1 is not None else None,
            "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(samples)), 3),
        })
        if builder is not None:
            end = build_window[1] if len(build_window) > 1 else float("inf")
            during = [s[1] * 1000 for s in ok if build_window[0] <= s[0] <= end]
            result["during_build"] = {"requests": len(during), "latency_ms": {k: round(v, 1) for k, v in summary(during).items()}}
            try:
                out, _ = builder.communicate(timeout=1800)
                summ = json.loads(out or b"{}")
                result["build"] = {"exit": builder.returncode, "files": summ.get("files"), "loaded": summ.get("loaded"),
                                   "failed": summ.get("failed"), "seconds": summ.get("seconds"),
                                   "finished_within_load": len(build_window) > 1 and build_window[1] <= t_start + elapsed}
            except (subprocess.TimeoutExpired, json.JSONDecodeError) as e:
                result["build"] = {"error": str(e)}
        # after the build: the server shows the new documents (last committed state), once it has
        # listed the store's files again (at most once a second) and opened the newer snapshot behind
        after: int | None = None
        waited = time.monotonic()
        for _ in range(30):
            status, body = get(http.client.HTTPConnection("127.0.0.1", port, timeout=60), "/api/docs?loaded=true")
            now = len(json.loads(body)) if status == 200 else None
            if now is not None and now == after:
                break
            after = now
            time.sleep(1.5)
        result["documents_loaded_after"] = after
        result["seconds_to_show_the_last_commit"] = round(time.monotonic() - waited, 1)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log_file.close()
        log = log_path.read_text(encoding="utf-8", errors="replace")
        result["server_log"] = {"read_races_retried": log.count("read race with a writer"), "tracebacks": log.count("Traceback"),
                                "tail": log.strip().splitlines()[-5:]}
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
