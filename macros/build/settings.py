"""The build's settings: every GUIDE_* variable (and SOURCE_DATE_EPOCH) read once, checked, and
kept in one object that the stages receive. Nothing else in macros/ reads the environment.

An unknown GUIDE_* name or a malformed value stops the build with one line per problem: a typo
such as GUIDE_PDF=depliant would otherwise silently build everything."""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from macros.build.paths import ROOT

PDF_CHOICES = {"": "automatique", "0": "aucun", "1": "tous, même sous `make serve`",
               "depliants": "les dépliants et la fiche de suivi seulement"}

# GUIDE_HORS_LIGNE: "copie" is set by the build itself, for the second build that makes the copy.
OFFLINE_PASS = "copie"
OFFLINE_CHOICES = ("", "0", "1", OFFLINE_PASS)


@dataclass(frozen=True)
class Setting:
    variable: str
    default: str
    meaning: str


# The README's table of settings is checked against this list (tests/test_structure.py).
SETTINGS = (
    Setting("GUIDE_PDF", "(vide)", "Quels PDF faire : `0` aucun, `1` tous (même sous `make serve`), "
                                   "`depliants` les dépliants et la fiche seulement ; vide : tous, sauf sous `make serve`."),
    Setting("GUIDE_CHROMIUM", "(cherché)", "Chemin de Chromium ; `none` : pas de Chromium (Mermaid dessine les "
                                           "schémas dans le navigateur du lecteur, pas de PDF de circuits)."),
    Setting("GUIDE_PRINT_WORKERS", "nombre de cœurs", "Nombre de processus d'impression (entier ≥ 1)."),
    Setting("GUIDE_DIAGRAM_TABS", "nombre de cœurs", "Nombre d'onglets de Chromium qui dessinent les schémas (entier ≥ 1)."),
    Setting("GUIDE_CACHE_DIR", "`.cache/diagrams`", "Dossier du cache des schémas ; les caches des documents et des "
                                                    "gabarits sont à côté."),
    Setting("GUIDE_STATS", "(aucun)", "Fichier JSON où la construction écrit ce qu'elle a fait (pour `make bench`)."),
    Setting("GUIDE_RECHERCHE", "`0`", "`1` : `make serve` fait aussi l'index de recherche."),
    Setting("GUIDE_FLOOR_DIR", "(aucun)", "Pour `make bench` : dossier où écrire le Markdown final de chaque page."),
    Setting("GUIDE_SITE_URL", "`site_url` de mkdocs.yml", "Adresse publique du site (`https://…/`) : codes QR, liens imprimés, "
                                                          "intégration, données ouvertes. Le nom du site est le `titre` de circuits/territoire.yaml."),
    Setting("GUIDE_PUBLIER", "`0`", "`1` (ce que fait `make publish`) : refuse l'adresse d'exemple du site "
                                    "(un domaine en `.example`) ; l'adresse publique doit être donnée."),
    Setting("GUIDE_HORS_LIGNE", "`1`", "`0` : pas de copie hors ligne (`guide-hors-ligne.zip`, une seconde construction "
                                       "du site) : une construction plus rapide. `copie` : la construction *est* cette copie "
                                       "(ce que `make build` demande lui-même ; pas à la main)."),
    Setting("GUIDE_DEBUG", "`0`", "`1` : une erreur inattendue montre aussi sa trace Python."),
    Setting("SOURCE_DATE_EPOCH", "(date des données)", "Date d'édition des PDF et des données ouvertes, en secondes "
                                                       "depuis 1970 (constructions reproductibles)."),
)
KNOWN = {s.variable for s in SETTINGS}


class SettingsError(ValueError):
    """One or more settings are malformed; the message has one line per problem."""


@dataclass(frozen=True)
class Settings:
    pdf: str = ""
    chromium: str | None = None          # a path; None when there is none or GUIDE_CHROMIUM=none
    print_workers: int = 1
    diagram_tabs: int = 1
    diagram_cache: Path = ROOT / ".cache" / "diagrams"
    stats_file: Path | None = None
    search_in_serve: bool = False
    floor_dir: Path | None = None
    debug: bool = False
    source_date_epoch: int | None = None
    site_url: str = ""   # absolute, ending with "/"
    site_name: str = ""
    offline_copy: bool = True    # a `mkdocs build` also makes the offline copy (GUIDE_HORS_LIGNE)
    offline_pass: bool = False   # this build is that copy: .html links, search without a server, no PDF
    command: str = field(default="build", compare=False)

    @property
    def cache_root(self) -> Path:
        return self.diagram_cache.parent

    @property
    def placeholder_address(self) -> bool:
        """The site's address is still the example one: what is printed cannot point to it yet."""
        return not self.site_url or is_placeholder_address(self.site_url)

    @property
    def leaflets_only(self) -> bool:
        """GUIDE_PDF=depliants: of the printed documents, only the leaflets and the tracking sheet
        (what federations hand out most; the guide, the booklets and the game's PDFs are left out)."""
        return self.pdf == "depliants"

    def pdf_skip_reason(self, needs_chromium: bool = True) -> str | None:
        """Why this build writes no PDF, or None when it does. `mkdocs serve` rebuilds on every
        edit, so it skips them unless GUIDE_PDF=1 asks; without Chromium the circuit diagrams cannot
        be drawn (documents that draw none, like the game's, pass needs_chromium=False)."""
        if self.offline_pass:
            where = ("la page « Imprimer et diffuser » du site en ligne" if self.placeholder_address
                     else f"{self.site_url}imprimer/")
            return f"la copie hors ligne ne les contient pas ; téléchargez-les avant la réunion, sur {where}"
        if self.pdf == "0":
            return "GUIDE_PDF=0 les a désactivés"
        if self.command == "serve" and self.pdf != "1":
            return "`mkdocs serve` ne les fait pas (GUIDE_PDF=1 pour les faire)"
        if needs_chromium and self.chromium is None:
            return "pas de Chromium pour dessiner les schémas"
        return None

    @property
    def makes_offline_copy(self) -> bool:
        """`mkdocs build` makes the copy (not `mkdocs serve`, not the copy's own build)."""
        return self.offline_copy and not self.offline_pass and self.command == "build"

    def for_command(self, command: str) -> Settings:
        return Settings(**{**self.__dict__, "command": command})

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, command: str = "build",
                         site_url: str | None = None, site_name: str = "") -> Settings:
        """`site_url` and `site_name` are mkdocs.yml's; GUIDE_SITE_URL, when set, replaces the address."""
        env = os.environ if environ is None else environ
        problems: list[str] = []
        unknown = sorted(k for k in env if k.startswith("GUIDE_") and k not in KNOWN)
        problems += [f"{k} : variable inconnue ; attendu une de : {', '.join(sorted(KNOWN))}" for k in unknown]

        def text(name: str) -> str:
            return env.get(name, "").strip()

        def count(name: str) -> int:
            value = text(name)
            if not value:
                return os.cpu_count() or 1
            if not value.isdigit() or int(value) < 1:
                problems.append(f"{name} vaut « {value[:40]} » : attendu un nombre entier d'au moins 1")
                return 1
            return int(value)

        def switch(name: str) -> bool:
            value = text(name)
            if value not in ("", "0", "1"):
                problems.append(f"{name} vaut « {value[:40]} » : attendu 0 ou 1")
            return value == "1"

        pdf = text("GUIDE_PDF")
        if pdf not in PDF_CHOICES:
            problems.append(f"GUIDE_PDF vaut « {pdf[:40]} » : attendu une de ces valeurs : 0, 1, depliants (ou rien)")
            pdf = ""
        offline = text("GUIDE_HORS_LIGNE")
        if offline not in OFFLINE_CHOICES:
            problems.append(f"GUIDE_HORS_LIGNE vaut « {offline[:40]} » : attendu 0 ou 1 (ou rien)")
            offline = ""
        epoch = text("SOURCE_DATE_EPOCH")
        if epoch and not epoch.isdigit():
            problems.append(f"SOURCE_DATE_EPOCH vaut « {epoch[:40]} » : attendu un nombre de secondes depuis 1970")
            epoch = ""
        chosen = text("GUIDE_CHROMIUM")
        if chosen and chosen != "none" and not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            problems.append(f"GUIDE_CHROMIUM vaut « {chosen[:60]} » : ce n'est pas un programme exécutable ; "
                            "installez Chromium (apt-get install chromium), donnez son chemin, "
                            "ou GUIDE_CHROMIUM=none pour construire sans lui")
            chosen = "none"
        url = text("GUIDE_SITE_URL") or (site_url or "").strip()
        if url and not _is_site_address(url):
            origin = "GUIDE_SITE_URL" if text("GUIDE_SITE_URL") else "site_url (mkdocs.yml)"
            problems.append(f"{origin} vaut « {url[:60]} » : attendu une adresse complète en http:// ou https://")
            url = ""
        if switch("GUIDE_PUBLIER") and (not url or is_placeholder_address(url)):
            problems.append(f"GUIDE_PUBLIER=1 : l'adresse du site est « {url or '(vide)'} », une adresse d'exemple ; "
                            "donnez la vraie avec GUIDE_SITE_URL=https://… (ou site_url dans mkdocs.yml)")
        settings = cls(
            site_url=url if not url or url.endswith("/") else url + "/", site_name=site_name or "",
            pdf=pdf, chromium=_chromium(chosen), print_workers=count("GUIDE_PRINT_WORKERS"),
            diagram_tabs=count("GUIDE_DIAGRAM_TABS"),
            diagram_cache=Path(text("GUIDE_CACHE_DIR") or ROOT / ".cache" / "diagrams"),
            stats_file=Path(text("GUIDE_STATS")) if text("GUIDE_STATS") else None,
            search_in_serve=switch("GUIDE_RECHERCHE"),
            floor_dir=Path(text("GUIDE_FLOOR_DIR")) if text("GUIDE_FLOOR_DIR") else None,
            offline_copy=offline in ("", "1"), offline_pass=offline == OFFLINE_PASS,
            debug=switch("GUIDE_DEBUG"), source_date_epoch=int(epoch) if epoch else None, command=command)
        if problems:
            raise SettingsError("Réglage(s) invalide(s) :\n" + "\n".join(f"  - {p}" for p in problems))
        return settings


def offline_pass_environment() -> dict[str, str]:
    """The environment of the build that makes the offline copy: the same settings, as that build
    (GUIDE_HORS_LIGNE=copie), without the bench's outputs, which belong to the first build."""
    env = {k: v for k, v in os.environ.items() if k not in ("GUIDE_STATS", "GUIDE_FLOOR_DIR")}
    return {**env, "GUIDE_HORS_LIGNE": OFFLINE_PASS}


def is_placeholder_address(url: str) -> bool:
    """An address that cannot be published: a domain under .example, reserved for examples (RFC 2606)."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host == "example" or host.endswith(".example")


def _is_site_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)


def _chromium(chosen: str) -> str | None:
    """The Chromium to use: GUIDE_CHROMIUM if set ("none" disables), else the system one."""
    if chosen:
        return None if chosen == "none" else chosen
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def settings_table() -> str:
    """The README's table of settings, in Markdown."""
    rows = [f"| `{s.variable}` | {s.default} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(["| Variable | Par défaut | Effet |", "|---|---|---|", *rows])
