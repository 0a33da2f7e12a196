"""Lighthouse (pinned in package.json) on three pages of a built site: the four category scores per
page, and the audits that keep a score under its target.

    python scripts/lighthouse.py [DOSSIER_DU_SITE] [--passages 3] [--categories accessibility,seo]

The site is served on 127.0.0.1 by Python, gzip-compressed and on kept-alive connections like any
production host, without cache headers (those belong to the host). Lighthouse drives Debian's
Chromium with its default mobile profile (a mid-range phone, slow 4G and a 4x slower CPU, all
simulated). Several passes per page give a median: the machine is shared, and the performance
score moves with its load."""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# Home, a landlord, the urgency overview: the three pages a tenant lands on.
PAGES = ["", "bailleurs/actis/", "urgences/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


def chromium_flags() -> list[str]:
    """The flags that let Chromium start here (root, closed network): the same as the diagrams'."""
    from macros.diagrams.render import CHROMIUM_FLAGS

    return ["--headless=new", *CHROMIUM_FLAGS]


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when asked (text types), on kept-alive connections, like a
    production web server (Python's default, HTTP/1.0, opens one connection per file)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE
                or not path.is_file()):
            return super().send_head()  # also the redirect of a folder without its final "/"
        body = _compressed(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _compressed(path: Path, _mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class Server:
    """The built site on 127.0.0.1, in a thread, for as long as the `with` block lasts."""

    def __init__(self, site_dir: Path):
        handler = functools.partial(_GzipHandler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "Server":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_lighthouse(url: str, categories: list[str], chromium: str) -> dict:
    """One Lighthouse run on one URL: its JSON report (lhr)."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE.relative_to(ROOT)} manque : lancez `npm ci` (ou `make build`).")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "rapport.json"
        cmd = [str(LIGHTHOUSE), url, f"--chrome-path={chromium}",
               f"--chrome-flags={' '.join(chromium_flags())}",
               "--output=json", f"--output-path={report}", "--quiet", "--locale=fr",
               "--no-enable-error-reporting", f"--only-categories={','.join(categories)}"]
        # Lighthouse writes its temporary Chromium profile under TMPDIR: keep it in our folder.
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                                env={**os.environ, "TMPDIR": tmp})
        if result.returncode != 0 or not report.exists():
            raise RuntimeError(f"Lighthouse a échoué sur {url} :\n{result.stderr[-3000:]}")
        lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise RuntimeError(f"Lighthouse, {url} : {lhr['runtimeError'].get('message')}")
    return lhr


def failing_audits(lhr: dict, category: str) -> list[dict]:
    """The audits of one category that count in its score and did not pass."""
    items = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            items.append({"id": ref["id"], "title": audit["title"], "score": audit["score"],
                          "detail": audit.get("displayValue", "")})
    return items


def scores(site_dir: Path, pages: list[str] = PAGES, categories: list[str] = CATEGORIES,
           runs: int = 1) -> list[dict]:
    """For each page: the median score (0-100) of each category over `runs` passes, the seconds
    one pass took, and the audits failing where a median is under its target (from the median pass)."""
    from macros.build.settings import Settings

    chromium = Settings.from_environment().chromium
    if chromium is None:
        raise SystemExit("Chromium est introuvable : `make build` l'installe (ou indiquez GUIDE_CHROMIUM).")
    results = []
    with Server(Path(site_dir)) as server:
        for page in pages:
            passes, seconds = [], []
            for _ in range(runs):
                started = time.perf_counter()
                passes.append(run_lighthouse(server.url + page, categories, chromium))
                seconds.append(time.perf_counter() - started)
            row: dict = {"page": "/" + page, "secondes": round(statistics.median(seconds), 1), "echecs": []}
            for category in categories:
                values = sorted((round(p["categories"][category]["score"] * 100), i) for i, p in enumerate(passes))
                median, index = values[(len(values) - 1) // 2]
                row[category] = median
                if median < TARGETS[category]:
                    row["echecs"] += [{"categorie": category, **a} for a in failing_audits(passes[index], category)]
            if "performance" in categories:
                ranked = sorted(range(len(passes)), key=lambda i: passes[i]["categories"]["performance"]["score"])
                median_pass = passes[ranked[(len(ranked) - 1) // 2]]
                row["metriques"] = {m: median_pass["audits"][m].get("displayValue", "") for m in
                                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                     "cumulative-layout-shift", "speed-index")}
                row["performance_passages"] = [round(p["categories"]["performance"]["score"] * 100) for p in passes]
            results.append(row)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="dossier du site construit")
    parser.add_argument("--passages", type=int, default=3, help="passages par page (médiane)")
    parser.add_argument("--categories", default=",".join(CATEGORIES))
    parser.add_argument("--json", action="store_true", help="résultat brut en JSON")
    args = parser.parse_args()
    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"{site} n'est pas un site construit (pas d'index.html).", file=sys.stderr)
        return 1
    categories = args.categories.split(",")
    rows = scores(site, categories=categories, runs=args.passages)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print("| page | " + " | ".join(categories) + " | s/passage |")
    print("|" + "---|" * (len(categories) + 2))
    for row in rows:
        print(f"| {row['page']} | " + " | ".join(str(row[c]) for c in categories) + f" | {row['secondes']} |")
    below = False
    for row in rows:
        if "performance_passages" in row:
            print(f"\n{row['page']} : performance par passage {row['performance_passages']}, "
                  + ", ".join(f"{k} {v}" for k, v in row["metriques"].items()))
        for failure in row["echecs"]:
            below = True
            print(f"  {row['page']} [{failure['categorie']}] {failure['id']} : {failure['title']} {failure['detail']}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
