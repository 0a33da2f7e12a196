"""MkDocs hook: the goose game, generated from each landlord's circuit.

1. on_config: load circuits/jeu.yaml (problems stop the build, one line each).
2. on_files: lay out one board per landlord and a generic one; add the page /jeu/; check that
   every square's guide page exists.
3. on_post_build: write each board as SVG and PDF (A3, A4), the rules and the card sheets."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.game import board as board_rules
from macros.game.board import generic_board, landlord_board
from macros.game.board_svg import board_svg
from macros.game.cards import deck
from macros.game.data import load_game
from macros.game.printables import board_html, cards_html, rules_html
from macros.generated import add_generated
from macros.guide import cached_guide
from macros.pages import comparison_split, render
from macros.problems import DataErrors, stop_build
from macros.urgency import load_urgencies

log = logging.getLogger("mkdocs.hooks.game")
PAGE = "jeu/index.md"
state: dict = {}

LABELS = {"recul": "recul", "bonus": "bonus", "oie": "oie", "depart": "départ", "arrivee": "arrivée"}
LINK_TEXTS = {"recul": "Comment s'en sortir", "bonus": "La bonne pratique", "oie": "Pourquoi garder une trace"}


def on_startup(command, dirty):
    state["command"] = command


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    guide = cached_guide(root=root, content_dir=Path(config.docs_dir))
    try:
        state["game"] = load_game(guide, root)
        state["urgencies"] = load_urgencies(guide, root)
    except DataErrors as errors:
        stop_build(errors, log)
    state["guide"] = guide
    return config


def _files(slug: str) -> dict[str, str]:
    return {"a3": f"plateau-{slug}-a3.pdf", "a4": f"plateau-{slug}-a4.pdf", "svg": f"plateau-{slug}.svg",
            "cards": f"cartes-{slug}.pdf"}


def on_files(files, config):
    guide, game = state["guide"], state["game"]
    boards = [(landlord_board(l, game), l) for l in guide.landlords] + [(generic_board(game), None)]
    state["boards"] = boards
    missing = sorted({sq.rule.page for b, _ in boards for sq in b.squares
                      if sq.rule and sq.rule.page and not files.get_file_from_path(sq.rule.page)})
    if missing:
        raise PluginError("circuits/jeu.yaml : page(s) du guide introuvable(s) : " + ", ".join(missing)
                          + " ; attendu : le chemin d'une page de content/ ou d'une page générée.")
    bilan = guide.sources["bilan-2017"]
    view = [{"board": b, "landlord": l, "svg": board_svg(b), "files": _files(b.slug)} for b, l in boards]
    # With many landlords the page draws only the shared board and lists the others' files: the
    # same threshold as the comparison's split (a page of 600 boards would not load on a phone).
    text = render("game_page.md.j2", boards=view, labels=LABELS, link_texts=LINK_TEXTS,
                  compact=comparison_split(guide),
                  rule=board_rules.__doc__.split("\n\n", 1)[1].replace("\nSame data, same board.", ""),
                  source=f'<small class="source">Source : {bilan.title}, annexe, points 1 et 2.</small>')
    add_generated(files, config, PAGE, text)
    # The printables are written after the build; announcing them here lets MkDocs check the
    # page's links to them (an empty placeholder, overwritten in on_post_build).
    names = ["regle-du-jeu.pdf"] + [n for b, _ in boards for n in _files(b.slug).values()]
    for name in names:
        add_generated(files, config, f"jeu/{name}", b"")
    return files


def on_post_build(config):
    from macros.build_options import pdf_skip_reason
    from macros.printing.pool import build_pool, html_to_pdf, release_pool

    reason = pdf_skip_reason(state.get("command"), needs_chromium=False)
    if reason:
        # Only the empty placeholders exist then; say so rather than leave them unexplained.
        log.info(f"Jeu de l'oie : pas de PDF ({reason}).")
        return

    guide, urgencies = state["guide"], state["urgencies"]
    out = Path(config.site_dir) / "jeu"
    boards = state["boards"]
    effects = [("DÉPART", "la case 1, où tout commence."),
               ("ÉTAPE", "une étape du circuit de votre bailleur : lisez-la, piochez une carte."),
               ("RECUL", "un blocage : reculez ou passez un tour, puis lisez comment en sortir."),
               ("BONUS", "une bonne pratique de votre bailleur : avancez."),
               ("OIE", "vous avez gardé une trace écrite : rejouez."),
               ("ARRIVÉE", "votre réclamation est résolue : vous avez gagné.")]
    started = time.monotonic()
    pool = build_pool(Path(config.docs_dir) / "assets" / "vendor" / "fonts")
    # Every PDF goes to the print workers (shared with the print hook); the SVGs are written here.
    rule = board_rules.__doc__.split("\n\n", 1)[1].replace("\n", " ")
    jobs = [("regle-du-jeu.pdf", rules_html(rule, effects))]
    for board, landlord in boards:
        names = _files(board.slug)
        (out / names["svg"]).write_text(board_svg(board), encoding="utf-8")
        jobs += [(names[paper.lower()], board_html(board, paper)) for paper in ("A3", "A4")]
        jobs.append((names["cards"], cards_html(deck(guide, urgencies, landlord), f"Cartes questions : {board.title}",
                                               config.site_url or "/")))
    try:
        futures = [(name, pool.submit(pool.cache.key("jeu", html), html_to_pdf, html)) for name, html in jobs]
        for name, future in futures:
            (out / name).write_bytes(future.result()[0]["pdf"])
    except Exception as exc:
        release_pool(cancel=True)
        raise PluginError(f"Jeu de l'oie : un PDF n'a pas pu être fait ({type(exc).__name__}: {exc}).") from exc
    release_pool()
    log.info(f"Jeu de l'oie : {len(boards)} plateaux, {len(jobs)} PDF en {time.monotonic() - started:.1f} s")
