"""The goose game of one build: one board per landlord and a shared one, the page /jeu/, and the
PDFs (boards A3 and A4, rules, card sheets) made by the print workers while the site is written."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from macros.build.settings import Settings
from macros.data.bundle import Bundle
from macros.data.problems import DataErrors, Problem
from macros.game.board import generic_board, landlord_board
from macros.game.board_svg import board_svg
from macros.game.cards import deck
from macros.game.printables import board_html, board_task, cards_html, cards_task, rules_html
from macros.pages.landlords import comparison_split
from markupsafe import Markup

from macros.pages.markup import Citer
from macros.pages.render import render
from macros.printing.pool import PrintPool, html_to_pdf

log = logging.getLogger("mkdocs.plugins.guide.jeu")
PAGE = "jeu/index.md"
RULES_PDF = "regle-du-jeu.pdf"

def file_names(slug: str) -> dict[str, str]:
    return {"a3": f"plateau-{slug}-a3.pdf", "a4": f"plateau-{slug}-a4.pdf", "svg": f"plateau-{slug}.svg",
            "cards": f"cartes-{slug}.pdf"}


RULE_FILE = Path(__file__).resolve().parent / "texts" / "regle-plateau.md"


def _rule() -> str:
    """How a board is laid out, as printed for players (the code follows it: macros/game/board.py)."""
    return RULE_FILE.read_text(encoding="utf-8").strip()


class GameStage:
    def __init__(self, bundle: Bundle, settings: Settings, site_url: str):
        self.bundle, self.settings, self.site_url = bundle, settings, site_url
        game = bundle.game
        self.boards = [(landlord_board(l, game), l) for l in bundle.guide.landlords] + [(generic_board(game), None)]
        self.skip_reason = settings.pdf_skip_reason(needs_chromium=False) or (
            "GUIDE_PDF=depliants ne demande que les dépliants" if settings.leaflets_only else None)
        self.jobs: list | None = None
        self.started = 0.0

    def files(self, exists: Callable[[str], object]) -> dict[str, str | bytes]:
        """The page, each board's SVG, and an empty placeholder for each PDF: announced now, MkDocs
        checks the page's links to them; write() puts the real files in their place."""
        missing = sorted({sq.rule.page for b, _ in self.boards for sq in b.squares
                          if sq.rule and sq.rule.page and not exists(sq.rule.page)})
        if missing:
            raise DataErrors([Problem("circuits/jeu.yaml", None, "page", "page(s) du guide introuvable(s) : "
                                      + ", ".join(missing), "le chemin d'une page de content/ ou d'une page générée")])
        guide = self.bundle.guide
        svgs = {b.slug: board_svg(b) for b, _ in self.boards}
        view = [{"board": b, "landlord": l, "svg": Markup(svgs[b.slug]), "files": file_names(b.slug)} for b, l in self.boards]
        # With many landlords the page draws only the shared board and lists the others' files: the
        # same threshold as the comparison's split (a page of 600 boards would not load on a phone).
        text = render("game_page.md.j2", boards=view,
                      compact=comparison_split(guide),
                      rule=Markup(_rule()), cite=Citer(guide.sources, "page /jeu/"))
        out: dict[str, str | bytes] = {PAGE: text}
        for b, _ in self.boards:
            out[f"jeu/{file_names(b.slug)['svg']}"] = svgs[b.slug]
        names = [RULES_PDF] + [n for b, _ in self.boards for k, n in file_names(b.slug).items() if k != "svg"]
        out.update({f"jeu/{name}": b"" for name in names})
        return out

    def start(self, pool: PrintPool) -> None:
        """Hand every PDF to the print workers (the build's pool, shared with the other documents)."""
        guide, urgencies = self.bundle.guide, self.bundle.urgencies
        self.started = time.monotonic()
        cache = pool.cache
        rules = rules_html(_rule())
        jobs = [({"pdf": RULES_PDF}, pool.submit(cache.key("jeu", rules), html_to_pdf, rules, (), True))]
        for board, landlord in self.boards:
            names = file_names(board.slug)
            page = f"bailleurs/{landlord.id}/" if landlord is not None else "jeu/"
            html = board_html(board, self.site_url + page, preview=self.settings.placeholder_address)
            jobs.append(({"a3": names["a3"], "a4": names["a4"]}, pool.submit(cache.key("jeu", html), board_task, html)))
            # The deck's HTML carries a neutral title: boards with the same cards share one layout.
            deck_html = cards_html(deck(guide, urgencies, landlord), "Cartes questions", self.site_url,
                                   preview=self.settings.placeholder_address)
            title = f"Cartes questions : {board.title}"
            jobs.append(({"pdf": names["cards"]}, pool.submit(cache.key("jeu", deck_html, title), cards_task,
                                                              deck_html, title)))
        self.jobs = jobs

    def write(self, folder: Path) -> None:
        """Wait for the game's PDFs and write them over their placeholders."""
        if self.jobs is None:
            if self.skip_reason:
                # Only the empty placeholders exist then; say so rather than leave them unexplained.
                log.info(f"Jeu de l'oie : pas de PDF ({self.skip_reason}).")
            return
        for names, future in self.jobs:
            files, _ = future.result()
            for part, name in names.items():
                (folder / name).write_bytes(files[part])
        self.jobs = None
        log.info(f"Jeu de l'oie : {len(self.boards)} plateaux, {1 + 3 * len(self.boards)} PDF, prêts "
                 f"{time.monotonic() - self.started:.1f} s après leur lancement".replace(".", ","))
