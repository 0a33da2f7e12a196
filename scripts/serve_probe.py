"""For `make bench`: how long `mkdocs serve` takes to show an edited circuit.

Starts the real server on a free port, waits for its first build, changes one line of a circuit
file, then asks for the landlord's page every 50 ms until the new text is served. The figure is
what an editor of the data waits for: file watcher, rebuild and server included."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def seconds_to_show_an_edit(project: Path, env: dict, circuit: Path, old: str, new: str, page: str,
                            first_build_timeout: float = 900) -> float:
    """Seconds from writing `new` in place of `old` in `circuit` to the server sending `page` with it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + first_build_timeout
        while (html := _get(url)) is None or old not in html:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"`mkdocs serve` n'a pas servi {page} (code {server.poll()}).")
            time.sleep(0.2)
        time.sleep(1)  # let the watcher settle after the first build
        text = circuit.read_text(encoding="utf-8")
        if old not in text:
            raise SystemExit(f"« {old} » absent de {circuit.name}.")
        started = time.monotonic()
        circuit.write_text(text.replace(old, new, 1), encoding="utf-8")
        while new not in (_get(url) or ""):
            if server.poll() is not None or time.monotonic() - started > 120:
                raise SystemExit(f"`mkdocs serve` n'a pas montré la modification de {circuit.name}.")
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
