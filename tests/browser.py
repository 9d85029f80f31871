"""A tiny Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (stdlib only).

Chromium reads NUL-terminated JSON commands from fd 3 and writes replies
and events to fd 4, so no websocket library, no port and no HTTP endpoint
are needed. Used by ``tests/test_viz_browser.py`` and ``bench/``.

    with Chromium() as browser:
        page = browser.new_page()
        page.goto("file:///tmp/x.html")
        page.evaluate("document.title")
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["Chromium", "Page", "CdpError", "find_chromium", "CHROMIUM_FLAGS", "OFFLINE_FLAGS"]

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--disable-dev-shm-usage", "--allow-file-access-from-files",
)
#: every request except loopback goes to a closed port: the network is gone
OFFLINE_FLAGS = ("--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


class CdpError(RuntimeError):
    """A DevTools command failed or timed out."""


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary (env CHROMIUM overrides), or None."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def _high_fd(fd: int) -> int:
    """Duplicate ``fd`` to a number ≥ 10, close-on-exec (safe to dup2 to 3/4 in the child)."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Chromium:
    """A headless Chromium driven through the DevTools pipe."""

    def __init__(self, *, extra_flags: tuple[str, ...] = (), binary: str | None = None, window: tuple[int, int] = (1400, 900)) -> None:
        self.binary = binary or find_chromium()
        if not self.binary:
            raise FileNotFoundError("no chromium binary (apt-get install chromium, or set CHROMIUM)")
        self.profile = tempfile.mkdtemp(prefix="cchc-chromium-")
        cmd_r, cmd_w = os.pipe()  # we write commands → chromium reads fd 3
        ev_r, ev_w = os.pipe()  # chromium writes fd 4 → we read
        cmd_r, ev_w = _high_fd(cmd_r), _high_fd(ev_w)

        def child() -> None:  # runs in the child between fork and exec
            os.dup2(cmd_r, 3)
            os.dup2(ev_w, 4)

        args = [self.binary, *CHROMIUM_FLAGS, *extra_flags, f"--user-data-dir={self.profile}",
                f"--window-size={window[0]},{window[1]}", "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=child, close_fds=False,
        )
        os.close(cmd_r)
        os.close(ev_w)
        self._out = os.fdopen(cmd_w, "wb", buffering=0)
        self._in = os.fdopen(ev_r, "rb", buffering=0)
        self._next = 0
        self._lock = threading.Lock()
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._event_cv = threading.Condition()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self._stderr: list[bytes] = []
        threading.Thread(target=lambda: self._stderr.extend(self.proc.stderr or []), daemon=True).start()
        self.send("Browser.getVersion", timeout=30)

    # -- transport ---------------------------------------------------------------
    def _read_loop(self) -> None:
        buf = b""
        while True:
            chunk = self._in.read(65536)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg and msg["id"] in self._replies:
                    self._replies[msg["id"]].put(msg)
                else:
                    with self._event_cv:
                        self.events.append(msg)
                        self._event_cv.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send one command and wait for its result (``CdpError`` on error/timeout)."""
        with self._lock:
            self._next += 1
            mid = self._next
            q: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[mid] = q
            msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            self._out.write(json.dumps(msg).encode("utf-8") + b"\0")
        try:
            reply = q.get(timeout=timeout)
        except queue.Empty:
            raise CdpError(f"{method}: no reply within {timeout} s") from None
        finally:
            self._replies.pop(mid, None)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, *, session: str | None = None, after: int = 0, timeout: float = 30) -> dict[str, Any]:
        """First event ``method`` (of ``session``) at index ≥ ``after`` in :attr:`events`."""
        deadline = time.monotonic() + timeout
        with self._event_cv:
            while True:
                for ev in self.events[after:]:
                    if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CdpError(f"no {method} event within {timeout} s")
                self._event_cv.wait(left)

    def new_page(self, *, offline: bool = False) -> Page:
        """Open a tab, attach to it and enable the domains the tests read."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        if offline:
            page.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        return page

    def close(self) -> None:
        """Stop the browser (Browser.close, then terminate) and remove its profile."""
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except (CdpError, OSError, ValueError):
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.terminate()
                    try:
                        self.proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        self.proc.kill()
                        self.proc.wait()
        finally:
            for f in (self._out, self._in):
                try:
                    f.close()
                except OSError:
                    pass
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One attached tab."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 30) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _events(self) -> list[dict[str, Any]]:
        return [e for e in self.browser.events if e.get("sessionId") == self.session]

    def goto(self, url: str, *, timeout: float = 60) -> None:
        """Navigate and wait for the load event."""
        mark = len(self.browser.events)
        self.send("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", session=self.session, after=mark, timeout=timeout)

    def evaluate(self, expression: str, *, timeout: float = 30) -> Any:
        """Value of a JS expression (promises awaited); JS exceptions raise CdpError."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in r:
            raise CdpError(f"JS error in {expression!r}: {r['exceptionDetails'].get('exception', {}).get('description') or r['exceptionDetails']}")
        return r.get("result", {}).get("value")

    def wait_for(self, expression: str, *, timeout: float = 30, interval: float = 0.05) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            v = self.evaluate(expression)
            if v:
                return v
            if time.monotonic() > deadline:
                raise CdpError(f"{expression!r} still falsy after {timeout} s")
            time.sleep(interval)

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries so far."""
        out = []
        for e in self._events():
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append("log: " + str(p["entry"].get("text")) + " " + str(p["entry"].get("url", "")))
        return out

    def requests(self) -> list[str]:
        """URLs of every request the page made."""
        return [e["params"]["request"]["url"] for e in self._events() if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: str | Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"]
        p = Path(path)
        p.write_bytes(base64.b64decode(data))
        return p

    def hover(self, x: float, y: float) -> None:
        """Move the mouse to page coordinates (shows vis tooltips)."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, x: float, y: float) -> None:
        """Left-click at page coordinates."""
        for t in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": t, "x": x, "y": y, "button": "left", "clickCount": 1})
