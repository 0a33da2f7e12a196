"""MkDocs hook: the goose game, generated from each landlord's circuit.

1. on_config: load circuits/jeu.yaml (problems stop the build, one line each).
2. on_files: lay out one board per landlord and a generic one; add the page /jeu/; check that
   every square's guide page exists.
   Each board's SVG is a generated file; its PDFs (A3, A4), the rules and the card sheets go to the
   print workers at once.
3. on_post_build: write the PDFs into the built site."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.game import board as board_rules
from macros.game.board import generic_board, landlord_board
from macros.game.board_svg import board_svg
from macros.game.cards import deck
from macros.data.game import load_game
from macros.game.printables import board_html, board_task, cards_html, cards_task, rules_html
from macros.adapter.generated import add_generated
from macros.data.guide import cached_guide
from macros.pages.landlords import comparison_split, render
from macros.data.problems import DataErrors, stop_build
from macros.data.urgency import load_urgencies

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
    svgs = {b.slug: board_svg(b) for b, _ in boards}
    view = [{"board": b, "landlord": l, "svg": svgs[b.slug], "files": _files(b.slug)} for b, l in boards]
    # With many landlords the page draws only the shared board and lists the others' files: the
    # same threshold as the comparison's split (a page of 600 boards would not load on a phone).
    text = render("game_page.md.j2", boards=view, labels=LABELS, link_texts=LINK_TEXTS,
                  compact=comparison_split(guide),
                  rule=board_rules.__doc__.split("\n\n", 1)[1].replace("\nSame data, same board.", ""),
                  source=f'<small class="source">Source : {bilan.title}, annexe, points 1 et 2.</small>')
    add_generated(files, config, PAGE, text)
    for b, _ in boards:
        add_generated(files, config, f"jeu/{_files(b.slug)['svg']}", svgs[b.slug])
    # The PDFs are written after the build; announcing them here lets MkDocs check the page's
    # links to them (an empty placeholder, overwritten in on_post_build).
    names = ["regle-du-jeu.pdf"] + [n for b, _ in boards for k, n in _files(b.slug).items() if k != "svg"]
    for name in names:
        add_generated(files, config, f"jeu/{name}", b"")
    _start_printing(config)
    return files


EFFECTS = [("DÉPART", "la case 1, où tout commence."),
           ("ÉTAPE", "une étape du circuit de votre bailleur : lisez-la, piochez une carte."),
           ("RECUL", "un blocage : reculez ou passez un tour, puis lisez comment en sortir."),
           ("BONUS", "une bonne pratique de votre bailleur : avancez."),
           ("OIE", "vous avez gardé une trace écrite : rejouez."),
           ("ARRIVÉE", "votre réclamation est résolue : vous avez gagné.")]


def _start_printing(config) -> None:
    """Hand every PDF to the print workers (shared with the print hook) now: they make them while
    MkDocs writes the pages; on_post_build writes them out."""
    from macros.build.settings import leaflets_only, pdf_skip_reason
    from macros.printing.pool import build_pool, html_to_pdf

    state["jobs"] = None
    state["skip"] = pdf_skip_reason(state.get("command"), needs_chromium=False) or (
        "GUIDE_PDF=depliants ne demande que les dépliants" if leaflets_only() else None)
    if state["skip"]:
        return
    guide, urgencies = state["guide"], state["urgencies"]
    state["started"] = time.monotonic()
    pool = build_pool(Path(config.docs_dir) / "assets" / "vendor" / "fonts")
    cache = pool.cache
    rule = board_rules.__doc__.split("\n\n", 1)[1].replace("\n", " ")
    rules = rules_html(rule, EFFECTS)
    jobs = [({"pdf": "regle-du-jeu.pdf"}, pool.submit(cache.key("jeu", rules), html_to_pdf, rules))]
    for board, landlord in state["boards"]:
        names = _files(board.slug)
        html = board_html(board)
        jobs.append(({"a3": names["a3"], "a4": names["a4"]}, pool.submit(cache.key("jeu", html), board_task, html)))
        # The deck's HTML carries a neutral title: boards with the same cards share one layout.
        deck_html = cards_html(deck(guide, urgencies, landlord), "Cartes questions", config.site_url or "/")
        title = f"Cartes questions : {board.title}"
        jobs.append(({"pdf": names["cards"]}, pool.submit(cache.key("jeu", deck_html, title), cards_task,
                                                          deck_html, title)))
    state["jobs"] = jobs


def on_post_build(config):
    from macros.printing.pool import release_pool

    if state["skip"]:
        # Only the empty placeholders exist then; say so rather than leave them unexplained.
        log.info(f"Jeu de l'oie : pas de PDF ({state['skip']}).")
        return
    out = Path(config.site_dir) / "jeu"
    try:
        for names, future in state["jobs"]:
            files, _ = future.result()
            for part, name in names.items():
                (out / name).write_bytes(files[part])
    except Exception as exc:
        release_pool(cancel=True)
        raise PluginError(f"Jeu de l'oie : un PDF n'a pas pu être fait ({type(exc).__name__}: {exc}).") from exc
    state["jobs"] = None
    release_pool()
    boards = state["boards"]
    log.info(f"Jeu de l'oie : {len(boards)} plateaux, {1 + 3 * len(boards)} PDF, prêts "
             f"{time.monotonic() - state['started']:.1f} s après leur lancement".replace(".", ","))


def on_build_error(error):
    # A failed build must not leave the print workers running.
    if state.get("jobs"):
        from macros.printing.pool import release_pool

        state["jobs"] = None
        release_pool(cancel=True)
