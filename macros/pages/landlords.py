"""Markdown of the generated pages (one per landlord, the index, the comparison), from the data.

Python prepares everything; the Jinja templates beside it only loop and print."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from macros.build.paths import page_path, up_to_root
from macros.data.bundle import Bundle
from macros.data.guide import Guide
from macros.data.missing import STALE_YEARS, gaps, reference_date, secondary_only, shared_checks, stale_sources
from markupsafe import Markup
from macros.letters.links import letter_links

from macros.pages.markup import TODO_HTML, Md, delay_text, fill
from macros.contrib.schemas import parse_path
from macros.pages.contribute import label
from macros.pages.render import render
from macros.printing.typography import de_name
from macros.data.model import Landlord

# From this many landlords on, the index gets a search field and a territory list (assets/filtre.js).
# Below, the grouped list fits in a few screens of a phone: the page stays script-free.
FILTER_FROM = 10
# A comparison table stays readable on a phone up to this many landlord columns. Beyond, the
# comparison becomes one page per territory, and a larger territory gets several such tables.
TABLE_MAX = 6
COMPARISON_SRC = "bailleurs/comparaison.md"


def next_steps(landlord: Landlord, step) -> list[Md]:
    """Plain words for where a step leads, e.g. "étape 4 si réparation"."""
    out = []
    for move in landlord.outgoing(step):
        where = Md("[étape {0}](#etape-{0})").format(move.target.number)
        if move.reminder:
            out.append(Md("retour à l'{} ({})").format(where, move.condition) if move.condition
                       else Md("retour à l'{}").format(where))
        else:
            out.append(Md("{}, {}").format(where, move.condition) if move.condition else where)
    return out


def landlord_page(guide: Guide, landlord: Landlord, diagram_html: str, unknown_on_call=None,
                  directory_urls: bool = True) -> str:
    """`unknown_on_call` (circuits/urgences.yaml): where to look for an on-call number the guide lacks;
    `directory_urls`: MkDocs' setting, false in the offline copy (its links name their files)."""
    ladder = guide.ladder_for(landlord)
    sources = {s.id: s for s in landlord.cited_sources}
    for rung in ladder:
        for c in rung.citations:
            sources.setdefault(c.source.id, c.source)
    number_known = bool(landlord.on_call.exists and landlord.on_call.how_to_reach)
    where = None if number_known or unknown_on_call is None else unknown_on_call
    if where:
        for c in where.citations:
            sources.setdefault(c.source.id, c.source)
    # The partners' answers (`make import`): each completed field with its own source.
    own = {s.id: s for s in landlord.sources}
    answers = []
    for reply in landlord.data["provenance"].get("reponses", []):
        for item in reply["champs"]:
            source = own.get(item["source"]["ref"]) or guide.sources.get(item["source"]["ref"])
            if source is not None:
                sources.setdefault(source.id, source)
                answers.append((label(parse_path(item["champ"]) or (), landlord.data), de_name(reply["organisation"]),
                                reply, source))
    return render("landlord.md.j2", guide=guide, l=landlord, diagram=Markup(diagram_html), ladder=ladder,
                  sources=list(sources.values()), answers=answers, next_steps=lambda s: next_steps(landlord, s),
                  total=len(landlord.steps), where=where, letters=letter_links(guide),
                  letter_href=lambda x: up_to_root(landlord.src, directory_urls) + page_path(x.src, directory_urls))


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelt out: « Œuvre Été » -> « oeuvre ete »."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def sort_key(text: str) -> tuple:
    """French-ish order: accents and case ignored, numbers by value (« n°2 » before « n°10 »)."""
    parts = re.split(r"(\d+)", fold(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p) + ((2, 0, text),)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "territoire"


@dataclass(frozen=True)
class Territory:
    name: str
    slug: str
    landlords: tuple[Landlord, ...]

    @property
    def src(self) -> str:
        """Its comparison page, when the comparison is split: /bailleurs/comparaison/<slug>/."""
        return f"bailleurs/comparaison/{self.slug}.md"

    def tables(self) -> list[tuple[Landlord, ...]]:
        """Its landlords in consecutive groups of TABLE_MAX, one comparison table each."""
        return [self.landlords[i:i + TABLE_MAX] for i in range(0, len(self.landlords), TABLE_MAX)]


# "index" would take the comparison overview's own URL (README too, for MkDocs).
_RESERVED_SLUGS = {"index", "readme"}


def territories(guide: Guide) -> list[Territory]:
    """The landlords grouped by their `territoire`, in French order, each with a unique slug.

    Two names that slug the same (« Été », « Ete ») get -2, -3… in that order: the slugs
    only change when such a name is added or removed."""
    groups: dict[str, list[Landlord]] = {}
    for l in guide.landlords:
        groups.setdefault(" ".join(l.territory.split()), []).append(l)
    taken = set(_RESERVED_SLUGS)
    out = []
    for name in sorted(groups, key=sort_key):
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(Territory(name, slug, tuple(sorted(groups[name], key=lambda l: sort_key(l.short_name)))))
    return out


def comparison_split(guide: Guide) -> bool:
    return len(guide.landlords) > TABLE_MAX


def index_page(guide: Guide) -> str:
    return render("landlords_index.md.j2", guide=guide, territories=territories(guide),
                  with_filter=len(guide.landlords) >= FILTER_FROM, split=comparison_split(guide))


def comparison_page(guide: Guide) -> str:
    """/bailleurs/comparaison/: one table, or, with many landlords, the list of territories."""
    if comparison_split(guide):
        return render("comparison_territories.md.j2", territories=territories(guide), total=len(guide.landlords),
                      table_max=TABLE_MAX)
    ls = guide.landlords
    return render("comparison.md.j2", landlords=ls, rows=comparison_rows(ls, "../"))


def table_title(number: int, group) -> str:
    first, last = group[0].short_name, group[-1].short_name
    return f"Tableau {number} : {first}" + (f" à {last}" if len(group) > 1 else "")


def comparison_pages(guide: Guide) -> dict[str, str]:
    """Every comparison page by its path in the docs tree: the overview, and one per territory if split."""
    out = {COMPARISON_SRC: comparison_page(guide)}
    if comparison_split(guide):
        for t in territories(guide):
            tables = [(table_title(i, group), group, comparison_rows(group, "../../"))
                      for i, group in enumerate(t.tables(), start=1)]
            out[t.src] = render("comparison_territory.md.j2", t=t, tables=tables, table_max=TABLE_MAX)
    return out


def comparison_rows(landlords, site_root: str) -> list[tuple[str, list[str]]]:
    """One row per compared aspect, one cell per landlord, computed here so the template only prints.

    `site_root` leads from the page's folder in the docs tree to the top, for the practice links."""
    ls = landlords

    br = Md("<br>")

    def channels(l: Landlord) -> Md:
        return br.join(c.label for c in l.channels) or TODO_HTML

    def delays(l: Landlord) -> Md:
        return br.join(Md("{} : {}").format(s.title, str(s.delay)) for s in l.steps if s.delay) or TODO_HTML

    def urgencies(l: Landlord) -> Md:
        return br.join(Md("{} : {}").format(u.name, delay_text(u.max_delay)) for u in l.urgencies) or TODO_HTML

    def on_call(l: Landlord) -> Md:
        if l.on_call.exists and l.on_call.how_to_reach:
            return Md("Oui : {}").format(l.on_call.how_to_reach)
        return fill(l.on_call.exists)

    def practices(l: Landlord) -> Md:
        return br.join(Md("[{}]({})").format(p.title, Markup(site_root + p.src)) for p in l.practices) or "Aucune connue"

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


def gaps_page(bundle: Bundle, paper: dict[str, str] | None = None) -> str:
    """What the partners still have to supply, by landlord, in words a partner can act on."""
    guide = bundle.guide
    by_landlord = {l.id: [] for l in guide.landlords}
    for gap in gaps(guide):
        by_landlord[gap.landlord].append(gap)
    old, undated = stale_sources(bundle)
    return render("gaps.md.j2", guide=guide, by_landlord=by_landlord, shared=shared_checks(bundle),
                  old=old, undated=undated, weak=secondary_only(bundle), years=STALE_YEARS,
                  reference=reference_date(bundle), paper=paper)
