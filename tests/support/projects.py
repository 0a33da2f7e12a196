"""The fixture projects: small copies of the guide, each showing one behaviour, and the one way
to build a project in the tests.

A fixture project is described once, in PROJECTS: which parts of the guide are copied, which
change is made to the copy, and with which settings it is built. Tests ask the `projects`
fixture (tests/conftest.py) for one by name; it is built at most once per test run, whichever
pytest-xdist worker asks first, and every test that needs it reads the same build. A test that
breaks a project on purpose (an error path, an interrupted build) copies one with
`Project.copy_to`, changes it, and builds it with `Project.build` or `build`.

The real guide itself, with every PDF, is site/ (`make build`): the `site_dir` fixture."""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from macros.data.guide import circuit_files
from macros.pages.landlords import TABLE_MAX

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = Path(os.environ.get("GUIDE_SITE", ROOT / "site")).resolve()
BAD = ROOT / "tests" / "fixtures" / "bad"
# macros/ is copied too because mkdocs.yml watches it (the code itself is imported from the package).
PROJECT_PARTS = ("mkdocs.yml", "content", "circuits", "overrides", "macros")
# Settings for a build of a few seconds: no PDF, the diagrams left to the reader's browser, and no
# offline copy (a second build; tests/test_offline_copy.py reads the one of `make build`).
QUICK = MappingProxyType({"GUIDE_PDF": "0", "GUIDE_CHROMIUM": "none", "GUIDE_HORS_LIGNE": "0"})
# The PDFs take most of a build's time; most fixture projects are about the site.
NO_PDF = MappingProxyType({"GUIDE_PDF": "0", "GUIDE_HORS_LIGNE": "0"})
TIMEOUT = 1200


def copy_project_to(dest: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """Copy the project's sources (not its site) into dest, an empty folder, and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    return dest


def build(project: Path, settings: Mapping[str, str] = MappingProxyType({}), *, strict: bool = True,
          atomic: bool = False, site: Path | None = None) -> subprocess.CompletedProcess:
    """Build a project folder (its mkdocs.yml) into site (default: project/site), in a new process.

    atomic: through scripts/build_site.py, as `make build` does (a failed build leaves site/ as it
    was); it is always strict. Otherwise the mkdocs script itself (not `python -m mkdocs`: the
    copy's own macros/ must not shadow the project's package)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **settings}
    if atomic:
        command = [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--config", str(project / "mkdocs.yml")]
        command += ["--site", str(site)] if site else []
        cwd = ROOT
    else:
        command = [str(Path(sys.executable).with_name("mkdocs")), "build", *(["--strict"] if strict else []),
                   "--site-dir", str(site or project / "site")]
        cwd = project
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def run_script(script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """One of scripts/, run in a new process (check_data.py, leaflets.py…)."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=TIMEOUT)


def write_landlords(circuits: Path, count: int) -> None:
    """Bring a copy's circuits/ to `count` landlords: the real ones, then synthetic ones (the bench's)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        # late: scripts/ is not a package; the bench and the tests share its synthetic landlords.
        from synthetic import write_landlords as write
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    write(circuits, count)


# --- The changes made to a copy ------------------------------------------------------------

def keep_data_and_pages_only(project: Path) -> None:
    """mkdocs.yml without the menu, the developers' hooks and the strict mode: links to the pages
    left out of the menu would fail a strict build. The full site is built strict elsewhere."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(hooks=["overrides/hooks/guide.py"], plugins=["search", {"macros": {"render_by_default": False}}],
                  strict=False, watch=[])
    config.pop("nav", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def publish_delays(project: Path) -> None:
    """OPAC 38 publishes two urgency levels with their delays, and the guide maps them to its own."""
    keep_data_and_pages_only(project)
    landlord = project / "circuits" / "opac38.yaml"
    levels = ("urgences:\n"
              "  - niveau: Urgence A\n    exemples: [fuite importante]\n"
              "    delai_max: {valeur: 6, unite: heures}\n    source: {ref: bilan-2017}\n"
              "  - niveau: Urgence B\n    exemples: [petite fuite]\n"
              "    delai_max: {valeur: 3, unite: jours_ouvres}\n    source: {ref: bilan-2017}\n")
    text = landlord.read_text(encoding="utf-8")
    assert "urgences: []\n" in text
    landlord.write_text(text.replace("urgences: []\n", levels), encoding="utf-8")
    criteria = project / "circuits" / "urgences.yaml"
    text = criteria.read_text(encoding="utf-8")
    mapping = ("correspondances:\n  - bailleur: opac38\n"
               "    niveaux: {tres-urgent: Urgence A, urgent: Urgence B}\n    source: {ref: bilan-2017}\n")
    criteria.write_text(text.replace("correspondances: []\n", mapping), encoding="utf-8")


LONG_ID = "fictif-soixante-etapes"
ACTIONS = ["L'agence enregistre la réclamation", "Le gardien passe voir le logement",
           "Le service technique commande les travaux à l'entreprise sous-traitante",
           "L'entreprise intervient", "Vous relancez par écrit", "Le bailleur répond",
           "Le conseil de concertation locative examine les réclamations restées sans suite"]


def long_circuit(size: int = 60) -> dict:
    """A schema-valid circuit of `size` steps, with branches ahead, loops back and reminders."""
    steps = [{"id": f"etape-{n}", "titre": f"{ACTIONS[n % len(ACTIONS)]} ({n})", "acteur": "L'agence",
              "description": None, "le_locataire_recoit": None, "delai": None,
              "source": {"ref": "bilan-2017"}} for n in range(1, size + 1)]
    moves = [{"de": f"etape-{n}", "vers": f"etape-{n + 1}"} for n in range(1, size)]
    for n in range(3, size - 3, 7):
        moves.append({"de": f"etape-{n}", "vers": f"etape-{n + 3}", "condition": "si aucune réparation n'est nécessaire"})
    for n in range(12, size + 1, 10):
        moves.append({"de": f"etape-{n}", "vers": f"etape-{n - 8}", "condition": "sans réponse sous 8 jours",
                      "relance": True})
    for n in range(20, size, 15):
        moves.append({"de": f"etape-{n}", "vers": f"etape-{n - 15}", "condition": "si le problème revient"})
    return {
        "id": LONG_ID, "nom": "Bailleur fictif aux soixante étapes", "nom_court": "Fictif 60",
        "statut_juridique": None, "territoire": "Territoire fictif", "site_web": None,
        "provenance": {"statut": "brouillon", "sources": [], "derniere_revue": None, "relu_par": None},
        "canaux": [{"type": "telephone", "libelle": "Canal fictif", "source": {"ref": "bilan-2017"}}],
        "etapes": steps, "transitions": moves, "urgences": [],
        "astreinte": {"existe": None, "comment_joindre": None, "horaires": None, "source": {"ref": "bilan-2017"}},
        "recours": [], "pratiques": [],
    }


def add_long_circuit(project: Path) -> None:
    text = "# yaml-language-server: $schema=./schema.json\n" + yaml.safe_dump(long_circuit(), allow_unicode=True, sort_keys=False)
    (project / "circuits" / f"{LONG_ID}.yaml").write_text(text, encoding="utf-8")


MANY = 50


def many_landlords(project: Path) -> None:
    write_landlords(project / "circuits", MANY)


# Past the number of landlords where the circuits leave the whole guide for one booklet per territory.
PRINT_SCALE_COUNT = TABLE_MAX + 2


def print_scale_landlords(project: Path) -> None:
    write_landlords(project / "circuits", PRINT_SCALE_COUNT)


FICTIONAL = ROOT / "tests" / "fixtures" / "territoire-fictif"


def fictional_territory(project: Path) -> None:
    """Another territory: its own territoire.yaml, two landlords and one federation, all made up
    (tests/fixtures/territoire-fictif), in place of the Isère's. Nothing else changes."""
    for path in circuit_files(project / "circuits"):
        path.unlink()
    for path in sorted((FICTIONAL / "circuits").glob("*.yaml")):
        shutil.copy2(path, project / "circuits" / path.name)


# --- The fixture projects ------------------------------------------------------------------

@dataclass(frozen=True)
class Project:
    name: str
    about: str
    change: Callable[[Path], None] | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    strict: bool = True
    atomic: bool = False          # built by scripts/build_site.py, as `make build` does
    own_cache: bool = False       # diagrams drawn into the copy's own cache: the real one stays as it is
    parts: tuple[str, ...] = PROJECT_PARTS

    def copy_to(self, dest: Path) -> Path:
        """The project's files, changed, in dest (unbuilt)."""
        copy_project_to(dest, self.parts)
        if self.change is not None:
            self.change(dest)
        return dest

    def build(self, project: Path, **more: str) -> subprocess.CompletedProcess:
        """Build a copy of this project (project/site) with its settings, and `more` settings."""
        cache = {"GUIDE_CACHE_DIR": str(project / ".cache" / "diagrams")} if self.own_cache else {}
        return build(project, {**self.settings, **cache, **more}, strict=self.strict, atomic=self.atomic)


PROJECTS = {p.name: p for p in (
    Project("copie", "The real data and pages, unchanged and unbuilt: for tests that break one thing.",
            settings=QUICK),
    Project("reel-sans-pdf", "The real guide without PDFs, built strict by scripts/build_site.py.",
            settings=NO_PDF, atomic=True),
    Project("sans-chromium", "The real guide built without Chromium: Mermaid draws in the reader's browser.",
            settings={"GUIDE_CHROMIUM": "none", "GUIDE_HORS_LIGNE": "0"}),
    Project("circuit-long", "The real guide plus a landlord whose circuit has 60 steps, without PDFs.",
            change=add_long_circuit, settings=NO_PDF, own_cache=True),
    Project("cinquante-bailleurs", f"{MANY} landlords (the real ones, then synthetic ones), without PDFs.",
            change=many_landlords, settings=NO_PDF),
    Project("petit", "Data, pages and plugin only (no menu, not strict), no PDF, no Chromium.",
            change=keep_data_and_pages_only, settings=QUICK, strict=False,
            parts=("circuits", "overrides", "content")),
    Project("delais-publies", "`petit`, where OPAC 38 has published its urgency delays.",
            change=publish_delays, settings=QUICK, strict=False, parts=("circuits", "overrides", "content")),
    Project("territoire-fictif", "Another, made-up territory (tests/fixtures/territoire-fictif) in place of the "
            "Isère's data, every PDF: nothing of the Isère may show.", change=fictional_territory, own_cache=True),
    Project("grand-guide", f"{PRINT_SCALE_COUNT} landlords, every PDF: its builds (cold, warm, edited) are the test.",
            change=print_scale_landlords, settings={"GUIDE_HORS_LIGNE": "0"}),
)}


@dataclass(frozen=True)
class Built:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def require(self) -> "Built":
        assert self.returncode == 0, f"la construction de {self.project.name} a échoué :\n{self.output[-4000:]}"
        return self


class SharedBuilds:
    """Each fixture project built at most once per test run, in a folder every xdist worker sees.

    The first worker to ask takes a lock on the project and builds it; the others wait for the
    lock, then read the result it left (the build's output and return code), failed or not."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> Built:
        spec = PROJECTS[name]
        project = self.folder / name
        result = self.folder / f"{name}.json"
        with open(self.folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not result.exists():
                shutil.rmtree(project, ignore_errors=True)
                done = spec.build(spec.copy_to(project))
                result.write_text(json.dumps({"returncode": done.returncode, "output": done.stdout + done.stderr}),
                                  encoding="utf-8")
        found = json.loads(result.read_text(encoding="utf-8"))
        return Built(project, found["returncode"], found["output"])
