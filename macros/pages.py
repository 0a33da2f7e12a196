"""Markdown of the generated pages (one per landlord, the index, the comparison), from the data.

Python prepares everything; the Jinja templates beside it only loop and print."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .guide import Guide
from .model import TO_COMPLETE, Citation, Delay, Landlord

TEMPLATES = Path(__file__).resolve().parent / "templates"
TODO_HTML = f'<span class="a-completer">{TO_COMPLETE}</span>'


def fill(value) -> str:
    """A value to show, or the visible "À compléter" marker when the data leaves it empty."""
    if value is None or value == "" or value == []:
        return TODO_HTML
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    return str(value)


def delay_text(delay: Delay | None) -> str:
    return fill(str(delay) if delay else None)


def source_anchor(citation: Citation) -> str:
    return f"source-{citation.source.id}"


def cite(citation: Citation, prefix: str = "") -> str:
    """An inline link to the page's source list; the passage stays in the link text."""
    return f'<small class="source">Source : [{citation.label}]({prefix}#{source_anchor(citation)})</small>'


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(fill=fill, delay=delay_text, cite=cite, anchor=source_anchor)
    env.globals["TODO"] = TODO_HTML
    return env


_ENV = None


def render(template: str, **context) -> str:
    global _ENV
    _ENV = _ENV or _environment()
    return _ENV.get_template(template).render(**context)


def next_steps(landlord: Landlord, step) -> list[str]:
    """Plain words for where a step leads, e.g. "étape 4 si réparation"."""
    out = []
    for move in landlord.outgoing(step):
        where = f"[étape {move.target.number}](#etape-{move.target.number})"
        if move.reminder:
            out.append(f"retour à l'{where} ({move.condition})" if move.condition else f"retour à l'{where}")
        else:
            out.append(f"{where}, {move.condition}" if move.condition else where)
    return out


def landlord_page(guide: Guide, landlord: Landlord, diagram_html: str) -> str:
    ladder = guide.ladder_for(landlord)
    sources = {s.id: s for s in landlord.cited_sources}
    for rung in ladder:
        for c in rung.citations:
            sources.setdefault(c.source.id, c.source)
    return render("landlord.md.j2", guide=guide, l=landlord, diagram=diagram_html, ladder=ladder,
                  sources=list(sources.values()), next_steps=lambda s: next_steps(landlord, s),
                  total=len(landlord.steps))


def index_page(guide: Guide) -> str:
    return render("landlords_index.md.j2", guide=guide)


def comparison_page(guide: Guide) -> str:
    return render("comparison.md.j2", guide=guide, rows=comparison_rows(guide))


def comparison_rows(guide: Guide) -> list[tuple[str, list[str]]]:
    """One row per compared aspect, one cell per landlord, computed here so the template only prints."""
    ls = guide.landlords

    def channels(l: Landlord) -> str:
        return "<br>".join(c.label for c in l.channels) or TODO_HTML

    def delays(l: Landlord) -> str:
        known = [f"{s.title} : {s.delay}" for s in l.steps if s.delay]
        return "<br>".join(known) or TODO_HTML

    def urgencies(l: Landlord) -> str:
        return "<br>".join(f"{u.name} : {delay_text(u.max_delay)}" for u in l.urgencies) or TODO_HTML

    def on_call(l: Landlord) -> str:
        if l.on_call.exists and l.on_call.how_to_reach:
            return f"Oui : {l.on_call.how_to_reach}"
        return fill(l.on_call.exists)

    def practices(l: Landlord) -> str:
        return "<br>".join(f"[{p.title}](../{p.src})" for p in l.practices) or "Aucune connue"

    def status(l: Landlord) -> str:
        return "Brouillon, à valider" if l.is_draft else "Validé"

    return [
        ("Comment faire une réclamation", [channels(l) for l in ls]),
        ("Nombre d'étapes du circuit", [str(len(l.steps)) for l in ls]),
        ("Délais annoncés", [delays(l) for l in ls]),
        ("Niveaux d'urgence et délais maximaux", [urgencies(l) for l in ls]),
        ("Astreinte (soir, week-end)", [on_call(l) for l in ls]),
        ("Bonnes pratiques appliquées", [practices(l) for l in ls]),
        ("État de la fiche", [status(l) for l in ls]),
    ]


def practice_appendix(guide: Guide, practice_id: str) -> str:
    """The list of landlords applying a practice, appended to its fiche."""
    return render("practice_appendix.md.j2", landlords=guide.landlords_applying(practice_id))


def gaps_page(guide: Guide, root: Path) -> str:
    """What the partners still have to supply, by landlord, in words a partner can act on."""
    from .missing import gaps, shared_checks

    by_landlord = {l.id: [] for l in guide.landlords}
    for gap in gaps(guide):
        by_landlord[gap.landlord].append(gap)
    return render("gaps.md.j2", guide=guide, by_landlord=by_landlord, shared=shared_checks(guide, root))
