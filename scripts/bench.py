"""`make bench`: how the build scales with the number of landlords, and how heavy a page is.

Builds copies of the project with 3, 50 and 500 synthetic landlords in a temporary folder and
prints one table. Timings go here, never into tests: the machine is shared and noisy, so the
ratios (to the plain MkDocs floor, between sizes) matter more than the seconds."""
from __future__ import annotations

import argparse
import gzip
import json
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

from serve_probe import seconds_to_show_an_edit  # noqa: E402
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


THEME_OUTPUT = ("search", "assets/javascripts", "assets/stylesheets", "assets/images", "404.html", "sitemap.xml",
                "sitemap.xml.gz")


def floor_config(project: Path, markdown: Path, built: Path) -> Path:
    """The same pages, built by MkDocs with no hook, no macro and only the search plugin.

    `markdown`: each page's Markdown as our build finally converted it (overrides/hooks/measure.py
    wrote it there); every file of our build that is not a page nor the theme's (embed pages, data,
    images, fonts) is copied beside it as a static file. The floor makes the same pages as our
    build, minus all the generating (and minus the diagrams' SVG, which our build puts in after
    Markdown: the floor keeps their marks)."""
    import yaml

    for path in built.rglob("*"):
        rel = path.relative_to(built)
        if path.is_dir() or str(rel).startswith(THEME_OUTPUT) or path.suffix == ".md":
            continue
        if path.name == "index.html" and '<article class="md-content__inner' in path.read_text(encoding="utf-8"):
            continue  # a page: MkDocs makes it again from the Markdown
        target = markdown / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config["plugins"] = [p for p in config["plugins"] if p == "search" or (isinstance(p, dict) and "search" in p)]
    config["strict"] = False
    config["docs_dir"] = str(markdown)
    path = project / "mkdocs-floor.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(count: int, workdir: Path, serve: bool, warm: bool, leaflets_only: bool, floor: bool = True) -> dict:
    """One size: a fresh copy of the project with `count` landlords and empty caches.

    leaflets_only: the full build makes, of the PDFs, only the leaflets and the sheet (GUIDE_PDF=depliants).
    floor: also time the site alone and the MkDocs floor of the same pages."""
    project = copy_project(workdir / f"projet-{count}")
    write_landlords(project / "circuits", count)
    stats = workdir / f"stats-{count}.json"
    # Caches of their own (diagrams, documents, templates): the first build is really cold.
    # The offline copy (a second build of the site) is left out: README, « La copie hors ligne ».
    env = {"GUIDE_CACHE_DIR": str(workdir / f"cache-{count}" / "diagrams"), "NO_MKDOCS_2_WARNING": "1", "GUIDE_HORS_LIGNE": "0",
           "GUIDE_STATS": str(stats)}
    mkdocs = str(BIN / "mkdocs")
    row: dict = {"bailleurs": count}
    row["check"] = timed([sys.executable, str(ROOT / "scripts" / "check_data.py"), "--root", str(project)], project, env)

    cold_env = {**env, "GUIDE_PDF": "depliants"} if leaflets_only else env
    row["build_froid"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site")], project, cold_env)
    row["portee"] = "dépliants et fiche" if leaflets_only else "tout"
    cold = json.loads(stats.read_text(encoding="utf-8"))
    row["schemas_froid"] = cold["schemas"]["secondes"]
    seconds = cold["impression"]["secondes"]
    # Process time of the print workers, by kind of document (they run on every core at once).
    row["depliants_cpu"] = seconds.get("depliants", 0.0)
    # Layouts per leaflet made: 1 when the first type size fits, more for each smaller one tried.
    made = cold["impression"]["faits_par_type"].get("depliants", 0)
    layouts = cold["impression"].get("mises_en_page", {}).get("depliants", 0)
    row["mises_en_page"] = f"{layouts / made:.2f}".replace(".", ",") if made else None
    # Not made at all (leaflets_only) shows as "—", not as 0 seconds.
    row["guide_pdf_cpu"] = None if leaflets_only else seconds.get("guide", 0.0) + seconds.get("circuits", 0.0)
    row["jeu_cpu"] = None if leaflets_only else seconds.get("jeu", 0.0)
    pdf_dir = project / "site"
    row["pdf"] = len(list(pdf_dir.rglob("*.pdf")))
    if warm:
        row["build_chaud"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site")], project, env)
        row["schemas_chaud"] = json.loads(stats.read_text(encoding="utf-8"))["schemas"]["secondes"]
    if floor:
        # The site alone (no PDF, search index included as in the floor), warm caches, against the floor.
        # It also keeps each page's final Markdown for the floor: one small file written per page,
        # counted in our time, not in the floor's.
        floor_docs = workdir / f"docs-floor-{count}"
        site_env = {**env, "GUIDE_PDF": "0", "GUIDE_FLOOR_DIR": str(floor_docs)}
        row["site_chaud"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site-seul")], project,
                                  site_env)
        floor_file = floor_config(project, floor_docs, project / "site-seul")
        row["plancher"] = timed([mkdocs, "build", "-q", "-f", str(floor_file), "-d",
                                 str(workdir / f"site-floor-{count}")], project, env)
        row["ratio"] = row["site_chaud"] / row["plancher"]
        # One landlord's file edited, then the same `make build` as the cold one, its caches warm:
        # the site and that landlord's documents are made again, nothing else.
        edited = project / "circuits" / "actis.yaml"
        edited.write_text(edited.read_text(encoding="utf-8").replace(EDIT[0], EDIT[1], 1), encoding="utf-8")
        row["modif_un_bailleur"] = timed([mkdocs, "build", "--strict", "-q", "-d", str(project / "site")], project,
                                         cold_env)
        row["modif_ratio"] = row["modif_un_bailleur"] / row["plancher"]
        edited.write_text(edited.read_text(encoding="utf-8").replace(EDIT[1], EDIT[0], 1), encoding="utf-8")
    if serve:
        # One circuit edited under the real `mkdocs serve`: seconds until the page shows it.
        row["serve_modif"] = seconds_to_show_an_edit(
            project, {**env, "GUIDE_STATS": ""}, project / "circuits" / "actis.yaml", *EDIT, "bailleurs/actis/")
    row["memoire_max_mio"] = peak_mib()
    return row


# The edit made to one landlord's file, for the warm rebuild and for `mkdocs serve`.
EDIT = ("Le problème est réglé", "Le problème est enfin réglé")
KINDS = {".html": "html", ".css": "css", ".js": "js", ".json": "index", ".woff2": "polices"}


def page_weight(site: Path, page: str) -> dict:
    """Bytes over the wire (gzip) for one page and everything a phone fetches with it.

    The page is opened in Chromium (phone-sized, served on 127.0.0.1) until the network is idle:
    the browser says which files it fetched, search index, search worker and font faces included
    (only those the page uses). Each file counts at its gzip size (-9), fonts and images as they are.
    Blocking scripts: external scripts without defer/async/module, in <head> or in <body>."""
    from playwright.sync_api import sync_playwright

    from lighthouse import Server
    from macros.build.settings import Settings
    from macros.diagrams.render import CHROMIUM_FLAGS

    html = (site / page / "index.html").read_text(encoding="utf-8")
    urls: list[str] = []
    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=Settings.from_environment().chromium, args=CHROMIUM_FLAGS, headless=True)
        try:
            tab = browser.new_page(viewport={"width": 412, "height": 823})
            tab.on("requestfinished", lambda request: urls.append(request.url))
            tab.goto(server.url + (page.strip("/") + "/").lstrip("/"), wait_until="networkidle")
            tab.wait_for_timeout(1000)  # what a worker fetches once it has started
        finally:
            browser.close()
        prefix = server.url
    total, kinds, files = 0, {}, set()
    for url in urls:
        if url.startswith(("data:", "blob:")):
            continue
        if not url.startswith(prefix):
            raise SystemExit(f"/{page} demande un fichier hors du site : {url}")
        path = site / url[len(prefix):].split("?")[0].split("#")[0]
        path = path / "index.html" if path.is_dir() else path
        if path in files or not path.is_file():
            continue
        files.add(path)
        data = path.read_bytes()
        size = len(data) if path.suffix in {".woff2", ".png", ".jpg", ".webp"} else len(gzip.compress(data))
        kind = KINDS.get(path.suffix, "autres")
        kinds[kind] = kinds.get(kind, 0) + size
        total += size
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    blocking = [s for s in scripts if not re.search(r"\b(defer|async)\b|type=\"?module", s)]
    return {"octets_gzip": total, "fichiers": len(files), "par_type": kinds, "scripts_bloquants": len(blocking)}


COLUMNS = [("bailleurs", "bailleurs"), ("check", "check"), ("schemas_froid", "schémas à froid"),
           ("build_froid", "build complet à froid"), ("portee", "PDF faits"), ("depliants_cpu", "dépliants (CPU)"),
           ("mises_en_page", "mises en page par dépliant"),
           ("guide_pdf_cpu", "guide PDF (CPU)"), ("jeu_cpu", "jeu (CPU)"), ("build_chaud", "build complet en cache"),
           ("schemas_chaud", "schémas en cache"), ("site_chaud", "site seul"), ("plancher", "plancher MkDocs"),
           ("ratio", "site seul / plancher"), ("modif_un_bailleur", "un bailleur modifié, build en cache"),
           ("modif_ratio", "… / plancher"), ("serve_modif", "serve : modification visible"),
           ("memoire_max_mio", "mémoire max (Mio)"), ("pdf", "PDF")]


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def real_guide_lines(lighthouse: bool) -> list[str]:
    """The weight of a landlord page of the real guide (site/), and Lighthouse on three pages.

    Measured first, on a machine not yet busy with the bench's builds: Lighthouse's performance
    score falls with the load of the machine."""
    site = ROOT / "site"
    if not (site / "bailleurs" / "actis" / "index.html").exists():
        return ["", "Pas de site construit dans site/ : poids de page et Lighthouse non mesurés (lancez `make build`)."]
    w = page_weight(site, "bailleurs/actis")
    detail = ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in sorted(w["par_type"].items()))
    lines = ["", f"Page /bailleurs/actis/ du vrai guide : {w['octets_gzip'] / 1000:.0f} ko compressés "
             f"({w['octets_gzip']} octets ; en Kio : {detail}), {w['fichiers']} fichiers chargés par le navigateur, "
             f"{w['scripts_bloquants']} script(s) bloquant(s)."]
    if lighthouse:
        from lighthouse import CATEGORIES, scores

        started = time.perf_counter()
        lines += ["", "Lighthouse (profil mobile, un passage par page) :",
                  "| page | " + " | ".join(CATEGORIES) + " |", "|" + "---|" * (len(CATEGORIES) + 1)]
        for r in scores(site, runs=1):
            lines.append(f"| {r['page']} | " + " | ".join(str(r[c]) for c in CATEGORIES) + " |")
            lines += [f"  {r['page']} [{f['categorie']}] {f['id']} : {f['title']}" for f in r["echecs"]]
        lines.append(f"(Lighthouse en {time.perf_counter() - started:.0f} s)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tailles", default="3,50,500", help="nombres de bailleurs, séparés par des virgules")
    parser.add_argument("--serve-jusqu-a", type=int, default=3,
                        help="mesurer `mkdocs serve` jusqu'à ce nombre de bailleurs (il refait une construction)")
    parser.add_argument("--depliants-seuls-des", type=int, default=500,
                        help="à partir de ce nombre de bailleurs, le build à froid ne fait que les dépliants et la "
                             "fiche, et le build en cache n'est pas mesuré (pour tenir en 10 minutes)")
    parser.add_argument("--plancher-jusqu-a", type=int, default=50,
                        help="mesurer le site seul et le plancher MkDocs jusqu'à ce nombre de bailleurs (à 500, "
                             "les deux prennent plus de 2 minutes ; --plancher-jusqu-a 500 pour les avoir)")
    parser.add_argument("--sans-lighthouse", action="store_true", help="ne pas lancer Lighthouse")
    args = parser.parse_args()
    sizes = [int(x) for x in args.tailles.split(",")]
    started = time.perf_counter()
    print(f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}", flush=True)
    print("… page du vrai guide" + ("" if args.sans_lighthouse else " et Lighthouse"), flush=True)
    real_guide = real_guide_lines(lighthouse=not args.sans_lighthouse)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-guide-") as tmp:
        for n in sizes:
            print(f"… {n} bailleurs", flush=True)
            size_started = time.perf_counter()
            big = n >= args.depliants_seuls_des
            row = measure(n, Path(tmp), serve=n <= args.serve_jusqu_a, warm=not big, leaflets_only=big,
                          floor=n <= args.plancher_jusqu_a)
            rows.append(row)
            print(f"  mesurés en {time.perf_counter() - size_started:.0f} s", flush=True)
    print("\nEn secondes, sauf mention. (CPU) : temps des processus d'impression, qui travaillent sur tous les "
          "cœurs à la fois pendant que MkDocs écrit les pages.")
    print("| " + " | ".join(label for _, label in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in rows:
        print("| " + " | ".join(_cell(r.get(key)) for key, _ in COLUMNS) + " |")
    for a, b in zip(rows, rows[1:]):
        print(f"Croissance {a['bailleurs']} → {b['bailleurs']} bailleurs (×{b['bailleurs'] / a['bailleurs']:.0f}) : "
              f"build complet à froid ×{b['build_froid'] / a['build_froid']:.1f}, "
              f"check ×{b['check'] / a['check']:.1f}.")
    print("\n".join(real_guide))
    print(f"\nMesures faites en {(time.perf_counter() - started) / 60:.1f} min.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
