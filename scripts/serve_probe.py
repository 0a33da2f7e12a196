"""For `make bench`: how long `mkdocs serve` takes to show an edited circuit.

Starts the real server on a free port, waits for its first build, changes one line of a circuit
file, then does what the page open in the editor's browser does: it waits on MkDocs' live-reload
address for a newer version of the site, then loads the page again, until the new text is there.
The figure is what an editor of the data waits for: file watcher, the whole rebuild (the browser
reloads only once every page is written) and server included."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What MkDocs adds at the end of each page it serves: the version of the site the page belongs to.
_EPOCH = re.compile(r"livereload\((\d+),")


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def seconds_to_show_an_edit(project: Path, env: dict, circuit: Path, old: str, new: str, page: str,
                            first_build_timeout: float = 900) -> float:
    """Seconds from writing `new` in place of `old` in `circuit` to `page` reloaded with it, as a browser would."""
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
        return _edit_and_wait(server, f"http://127.0.0.1:{port}/", url, circuit, text.replace(old, new, 1), new)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _epoch(html: str) -> int:
    match = _EPOCH.search(html)
    if match is None:
        raise SystemExit("La page servie n'a pas le script de rechargement de `mkdocs serve`.")
    return int(match.group(1))


def _edit_and_wait(server: subprocess.Popen, base: str, url: str, circuit: Path, edited: str, new: str,
                   limit: float = 120) -> float:
    """Write the edit, then wait as the browser does: a long request to /livereload/<version>/…
    answers once a newer version of the whole site is built; then the page is loaded again."""
    epoch = _epoch(_get(url) or "")
    pool = ThreadPoolExecutor(max_workers=1)  # not `with`: a request may still be waiting at the end
    try:
        waiting = pool.submit(_get, f"{base}livereload/{epoch}/1", limit)
        started = time.monotonic()
        circuit.write_text(edited, encoding="utf-8")
        while time.monotonic() - started < limit and server.poll() is None:
            answer = waiting.result()
            if answer is not None and answer.strip().isdigit() and int(answer) > epoch:
                epoch = int(answer)
                if new in (_get(url) or ""):
                    return time.monotonic() - started
            else:
                time.sleep(0.05)  # the server did not answer: ask again shortly
            waiting = pool.submit(_get, f"{base}livereload/{epoch}/1", limit)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    raise SystemExit(f"`mkdocs serve` n'a pas montré la modification de {circuit.name}.")
