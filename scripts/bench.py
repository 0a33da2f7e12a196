"""`make bench`: how the build scales with the number of landlords, and how heavy a page is.

Builds copies of the project with 3, 50 and 500 synthetic landlords in a temporary folder and
prints one table. Timings go here, never into tests: the machine is shared and noisy, so the
ratios (to the plain MkDocs floor, between sizes) matter more than the seconds."""
from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic import write_landlords  # noqa: E402

PROJECT_PARTS = ("mkdocs.yml", "content", "circuits", "overrides", "macros")
BIN = Path(sys.executable).parent


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    return dest


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"échec de {' '.join(cmd)} :\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def floor_config(project: Path, docs: Path) -> Path:
    """The same pages as plain Markdown files, built by MkDocs with no hook and no macro."""
    import yaml

    from macros.diagrams import render_svgs, find_chromium
    from macros.figures import diagram_figure
    from macros.guide import load_guide
    from macros.mermaid import flowchart
    from macros import pages

    shutil.copytree(project / "content", docs)
    guide = load_guide(root=project)
    svgs = render_svgs({l.id: flowchart(l) for l in guide.landlords}, find_chromium())
    (docs / "bailleurs").mkdir(exist_ok=True)
    (docs / "bailleurs" / "index.md").write_text(pages.index_page(guide), encoding="utf-8")
    (docs / "bailleurs" / "comparaison.md").write_text(pages.comparison_page(guide), encoding="utf-8")
    for l in guide.landlords:
        fig = diagram_figure(l, svgs[l.id], flowchart(l))
        (docs / l.src).write_text(pages.landlord_page(guide, l, fig), encoding="utf-8")
    # Hand-written pages that call macros would show raw Jinja here: drop them from the floor.
    for md in docs.rglob("*.md"):
        if "render_macros: true" in md.read_text(encoding="utf-8"):
            md.write_text("# Page\n", encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config["plugins"] = ["search"]
    config["strict"] = False
    config["docs_dir"] = str(docs)
    path = project / "mkdocs-floor.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(count: int, workdir: Path) -> dict:
    project = copy_project(workdir / f"projet-{count}")
    write_landlords(project / "circuits", count)
    cache = workdir / f"cache-{count}"
    env = {"GUIDE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = str(BIN / "mkdocs")
    row = {"bailleurs": count}
    row["check"] = timed([sys.executable, str(ROOT / "scripts" / "check_data.py"), "--root", str(project)], project, env)

    # Diagrams alone, in this process: cold (empty cache), then warm.
    os.environ["GUIDE_CACHE_DIR"] = str(workdir / f"diagram-cache-{count}")
    import importlib

    import macros.diagrams as diagrams
    importlib.reload(diagrams)
    from macros.guide import load_guide
    from macros.mermaid import flowchart
    guide = load_guide(root=project)
    sources = {l.id: flowchart(l) for l in guide.landlords}
    started = time.perf_counter()
    diagrams.render_svgs(sources, diagrams.find_chromium())
    row["schemas_froid"] = time.perf_counter() - started
    started = time.perf_counter()
    diagrams.render_svgs(sources, diagrams.find_chromium())
    row["schemas_chaud"] = time.perf_counter() - started
    del os.environ["GUIDE_CACHE_DIR"]

    row["build_froid"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site")], project, env)
    row["build_chaud"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site")], project, env)
    # The site alone, as `make serve` builds it (no PDF), with a warm diagram cache.
    site_env = {**env, "GUIDE_PDF": "0"}
    row["site_chaud"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site-seul")], project, site_env)
    pdf_dir = project / "site" / "pdf"
    row["pdf"] = len(list(pdf_dir.rglob("*.pdf"))) if pdf_dir.exists() else 0

    # One circuit edited: what `make serve` redoes (the site without PDF, one diagram re-rendered).
    first = project / "circuits" / "actis.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("titre: Le problème est réglé",
                                                               "titre: Le problème est enfin réglé"), encoding="utf-8")
    row["rebuild_1"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site-seul")], project, site_env)

    floor = floor_config(project, workdir / f"docs-floor-{count}")
    row["plancher"] = timed([mkdocs, "build", "-q", "-f", str(floor), "-d", str(workdir / f"site-floor-{count}")],
                            project, env)
    row["memoire_max_mio"] = peak_mib()
    return row


def page_weight(site: Path, page: str) -> dict:
    """Bytes over the wire (gzip) for one page and what it loads, read from the built HTML."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    refs = re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))', html)
    total = len(gzip.compress(html.encode()))
    files = [html_path]
    for ref in refs:
        target = (html_path.parent / ref).resolve()
        if target.exists():
            files.append(target)
            total += len(gzip.compress(target.read_bytes()))
            if target.suffix == ".css":
                for font in re.findall(r"url\('?([^')]+\.woff2)", target.read_text(encoding="utf-8")):
                    font_path = (target.parent / font).resolve()
                    if font_path.exists() and font_path not in files:
                        files.append(font_path)
                        total += font_path.stat().st_size
    head = html.split("</head>")[0]
    blocking = [s for s in re.findall(r"<script[^>]*src=[^>]*>", head) if "defer" not in s and "async" not in s]
    return {"octets_gzip": total, "fichiers": len(files), "scripts_bloquants": len(blocking)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tailles", default="3,50,500", help="nombres de bailleurs, séparés par des virgules")
    args = parser.parse_args()
    sizes = [int(x) for x in args.tailles.split(",")]
    print(f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-guide-") as tmp:
        for n in sizes:
            print(f"… {n} bailleurs", flush=True)
            rows.append(measure(n, Path(tmp)))
    cols = ["bailleurs", "check", "schemas_froid", "schemas_chaud", "build_froid", "build_chaud", "site_chaud",
            "rebuild_1", "plancher", "memoire_max_mio", "pdf"]
    print()
    print("| " + " | ".join(cols) + " | site_chaud / plancher |")
    print("|" + "---|" * (len(cols) + 1))
    for r in rows:
        cells = [f"{r[c]:.2f}" if isinstance(r[c], float) else str(r[c]) for c in cols]
        print("| " + " | ".join(cells) + f" | {r['site_chaud'] / r['plancher']:.1f} |")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        print(f"\nCroissance {a['bailleurs']} → {b['bailleurs']} bailleurs : build froid ×{b['build_froid'] / a['build_froid']:.1f} "
              f"(×{b['bailleurs'] / a['bailleurs']:.0f} de bailleurs).")
    site = ROOT / "site"
    if (site / "bailleurs" / "actis" / "index.html").exists():
        w = page_weight(site, "bailleurs/actis")
        print(f"\nPage /bailleurs/actis/ du vrai guide : {w['octets_gzip'] / 1024:.0f} Kio compressés, "
              f"{w['fichiers']} fichiers (HTML, CSS, JS, polices), {w['scripts_bloquants']} script(s) bloquant(s) dans <head>.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
