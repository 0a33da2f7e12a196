"""Markdown of the urgency pages (/urgences/…), from the urgency criteria and the landlords' files.

Python prepares every sentence that depends on the data; the Jinja templates only loop and print."""
from __future__ import annotations

import re
from dataclasses import dataclass

from macros.data.guide import Guide
from macros.data.model import Citation, Landlord, Source
from markupsafe import Markup

from macros.pages.markup import TODO_HTML, Citer, Md, contact, french_spacing, source_anchor, url
from macros.pages.markup import text as text_escape
from macros.pages.render import render
from macros.data.urgency import EmergencyNumber, Level, ProblemType, Urgencies, chart_series
from macros.pages.urgency_chart import delay_chart
import unicodedata

DIR = "urgences"
AID = f"{DIR}/mon-probleme-est-il-urgent.md"
COMPARISON = f"{DIR}/comparaison.md"
INDEX = f"{DIR}/index.md"


def badge(level: Level) -> str:
    """The level's name in a framed label; the frame differs by level, the words carry the meaning."""
    return Md('<span class="urg-niveau urg-niveau-{}">{}</span>').format(level.rank, level.name)


def tel(number: EmergencyNumber) -> str:
    return Md('<a class="urg-tel" href="{}">{}</a>').format(url(f"tel:{number.number}"), number.number)


def numbers_line(numbers) -> str:
    """« 18 (Pompiers) ou 112 (Numéro d'urgence européen) », each number a phone link."""
    return Md(" ou ").join(Md("{} ({})").format(tel(n), n.name) for n in numbers)


def link_numbers(text: str, numbers: dict[str, EmergencyNumber]) -> str:
    """« appelez le 18 » becomes a phone link, for the numbers this file defines and sources."""
    def swap(match: re.Match) -> str:
        number = numbers.get(match.group(2))
        return match.group(1) + tel(number) if number else match.group(0)

    # The numbers are found in the escaped text: nothing of the text itself becomes markup.
    return Md(re.sub(r"(\b(?:le|au|Le|Au) )(\d{2,3})\b", swap, text_escape(text)))


def cites(citations, prefix: str = "") -> str:
    """One small "Source(s) :" line linking to the page's source list; one link per source, with
    the passages used from it."""
    grouped: dict[str, tuple[Citation, list[str]]] = {}
    for c in citations:
        first, passages = grouped.setdefault(c.source.id, (c, []))
        if c.passage and c.passage not in passages:
            passages.append(c.passage)
    links = []
    for first, passages in grouped.values():
        label = first.source.title + (", " + " ; ".join(passages) if passages else "")
        links.append(Md("[{}]({}#{})").format(label, Markup(prefix), Markup(source_anchor(first.source.id))))
    word = "Sources" if len(links) > 1 else "Source"
    return Md('<small class="source">{} : {}</small>').format(word, Md(", ").join(links))


def to_check(note: str | None) -> str:
    return Md('<small class="urg-a-verifier">À vérifier : {}</small>').format(note) if note else ""


def example_text(level: Level, outside: str) -> str | None:
    """outside: « hors <territoire> », from circuits/territoire.yaml."""
    ex = level.example
    if ex is None:
        return None
    # The note says the delay in words when there is one; otherwise the delay itself is given.
    said = f" : {ex.note[:1].lower()}{ex.note[1:]}" if ex.note else (f", {ex.delay}." if ex.delay else ".")
    return (f"chez {ex.landlord}, un bailleur {outside}, ce niveau s'appelle « {ex.level_name} »{said} "
            f"Ce n'est pas le délai de votre bailleur.")


def delays_line(guide: Guide, urg: Urgencies, level: Level) -> str:
    """« Bailleur A : À compléter ; Bailleur B : 4 heures (…) » for one level."""
    return Md(" ; ").join(Md("{}\u00a0: {}").format(l.short_name, landlord_delay(urg, l, level)) for l in guide.landlords)


def landlord_delay(urg: Urgencies, landlord: Landlord, level: Level) -> str:
    own = urg.landlord_level(landlord, level)
    if own is None or own.max_delay is None:
        return TODO_HTML
    return Md("{} (son niveau « {} »)").format(str(own.max_delay), own.name)


@dataclass
class LandlordAnswer:
    landlord: Landlord
    daytime: str
    after_hours: str | None
    delay: str | None  # None for levels that go to the emergency services first


def answers(guide: Guide, urg: Urgencies, level: Level) -> list[LandlordAnswer]:
    out = []
    for l in guide.landlords:
        c = contact(l, level, urg.unknown_on_call.where)
        out.append(LandlordAnswer(l, c.daytime, c.after_hours,
                                  None if level.emergency_services else landlord_delay(urg, l, level)))
    return out


def _sources_of(citations) -> list[Source]:
    seen: dict[str, Source] = {}
    for c in citations:
        seen.setdefault(c.source.id, c.source)
    return list(seen.values())


def _problem_citations(p: ProblemType):
    yield from p.citations
    for payer in p.payers:
        yield from payer.citations
    for note in p.notes:
        yield note.citation
    for n in p.call:
        yield n.citation


def sources_block(sources: list[Source]) -> str:
    lines = []
    for s in sources:
        title = Md("[{}]({})").format(s.title, url(s.url)) if s.url else Md("{} : {}").format(s.title, s.document)
        date = Md(" ({})").format(s.date) if s.date else ""
        lines.append(Md('- <span id="{}"></span>{}{}').format(Markup(source_anchor(s.id)), title, date))
    return Md("\n").join(lines)


# --- Pages ------------------------------------------------------------------------------------

def _level_citations(level: Level) -> list[Citation]:
    """The level's source, and its example's source when it is another document."""
    example = level.example
    same = example is None or example.citation.source.id == level.citation.source.id
    return [level.citation] + ([] if same else [example.citation])


def index_page(guide: Guide, urg: Urgencies, shared: dict[str, Source]) -> str:
    levels = []
    citations: list[Citation] = []
    for level in urg.levels:
        problems = urg.problems_of(level)
        citations += _level_citations(level)
        levels.append({
            "level": level, "badge": badge(level), "example": example_text(level, guide.territory.hors),
            "delays": None if level.emergency_services else delays_line(guide, urg, level),
            "examples": [(p.title[0].lower() + p.title[1:], p.link.removeprefix(DIR + "/")) for p in problems],
            "cite": cites(_level_citations(level)),
            "check": to_check(level.to_check),
        })
    numbers = list(urg.numbers.values())
    citations += [n.citation for n in numbers]
    known = [l for l in guide.landlords if any(u.max_delay for u in l.urgencies)]
    citer = Citer(shared, "page /urgences/")
    return render("urgences_index.md.j2", urg=urg, levels=levels, numbers=numbers, tel=tel,
                  numbers_cite=cites([n.citation for n in numbers]), cite=citer, cites=cites,
                  known=known, landlords=guide.landlords, territory=guide.territory,
                  sources=lambda: sources_block(_sources_of(citations + citer.used)))


def level_page(guide: Guide, urg: Urgencies, level: Level) -> str:
    problems = urg.problems_of(level)
    landlords = {l.id: l for l in guide.landlords}
    items = []
    citations = _level_citations(level)
    for p in problems:
        cs = list(_problem_citations(p))
        citations += cs
        items.append({
            "p": p,
            "call": numbers_line(p.call) if p.call else None,
            "call_cite": cites([n.citation for n in p.call]) if p.call else "",
            "steps": [link_numbers(step, urg.numbers) for step in p.right_now],
            "waiting": list(level.while_waiting) + list(p.while_waiting),
            "payers": [{"label": x.label, "text": x.text, "cite": cites(x.citations) if x.citations else "",
                        "check": to_check(x.to_check)} for x in _landlord_first(p.payers)],
            "notes": [{"text": _for_landlord(landlords, n.landlord_id) + n.text, "cite": cites([n.citation]),
                       "check": to_check(n.to_check)} for n in p.notes],
            "cite": cites(p.citations), "check": to_check(p.to_check),
        })
    where_cite = ""
    if level.on_call:
        citations += list(urg.unknown_on_call.citations)
        where_cite = cites(urg.unknown_on_call.citations)
    others = [l for l in urg.levels if l is not level]
    return render("urgences_niveau.md.j2", level=level, badge=badge(level), example=example_text(level, guide.territory.hors),
                  delays=None if level.emergency_services else delays_line(guide, urg, level),
                  level_cite=cites(_level_citations(level)),
                  level_check=to_check(level.to_check), items=items, answers=answers(guide, urg, level),
                  where_cite=where_cite,
                  others=others, numbers=numbers_line([urg.numbers[n] for n in ("18", "112") if n in urg.numbers]),
                  sources=sources_block(_sources_of(citations)))


def _landlord_first(payers):
    """What the tenant pays comes last: in an emergency, nothing should put a tenant off calling."""
    return sorted(payers, key=lambda x: x.kind == "locataire")


def _for_landlord(landlords: dict[str, Landlord], landlord_id: str | None) -> str:
    return f"Chez {landlords[landlord_id].short_name} : " if landlord_id else ""


def comparison_page(guide: Guide, urg: Urgencies) -> str:
    ls = guide.landlords
    ranked = [l for l in urg.levels if not l.emergency_services]
    delay_rows = [(badge(level), [landlord_delay(urg, l, level) for l in ls],
                   (f"{level.example.landlord}, « {level.example.level_name} » : {level.example.delay}"
                    if level.example and level.example.delay else "—")) for level in ranked]
    example_levels = [lv for lv in ranked if lv.example]
    example_name = example_levels[0].example.landlord if example_levels else None
    on_call_level = next((lv for lv in urg.levels if lv.on_call and not lv.emergency_services), ranked[0])
    contact_rows = [("En journée", [_capital(contact(l, on_call_level).daytime) for l in ls]),
                    ("Le soir, le week-end, les jours fériés",
                     [_capital(contact(l, on_call_level, urg.unknown_on_call.where).after_hours) for l in ls])]
    problem_rows = [(Md("[{}]({})").format(p.title, p.link.removeprefix(DIR + '/')), badge(p.level),
                     ["Les secours d'abord" if p.level.emergency_services else landlord_delay(urg, l, p.level)
                      for l in ls]) for p in urg.problems]
    series = chart_series(guide, urg)
    svg = delay_chart(series)
    svg = Markup(svg) if svg else None  # its text is escaped where it is drawn
    known = [name for name, bars in series if bars]
    missing = [name for name, bars in series if not bars]
    citations = [lv.example.citation for lv in example_levels]
    names = _and(missing)
    missing_text = (f"{names} n'ont pas encore donné leurs délais." if len(missing) > 1
                    else f"{names} n'a pas encore donné ses délais." if missing else "")
    return render("urgences_comparaison.md.j2", landlords=ls, delay_rows=delay_rows, example_name=example_name,
                  contact_rows=contact_rows, problem_rows=problem_rows, svg=svg, known=known, missing=missing,
                  missing_text=missing_text, missing_names=names, territory=guide.territory,
                  example_cite=cites((citations)) if citations else "",
                  sources=sources_block(_sources_of(citations)))


def _and(names: list[str]) -> str:
    """« A, B et C »."""
    return (", ".join(names[:-1]) + " et " + names[-1]) if len(names) > 1 else "".join(names)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def aid_page(urg: Urgencies) -> str:
    # A theme made only of emergencies comes first, worded as the question to ask first.
    danger = [t for t in urg.themes
              if urg.problems_in(t) and all(p.level.emergency_services for p in urg.problems_in(t))]
    groups = []
    for theme in urg.themes:
        problems = urg.problems_in(theme)
        if not problems:
            continue
        groups.append({"theme": theme, "first": theme in danger, "entries": [{
            "p": p, "badge": badge(p.level), "question": french_spacing(p.question),
            # Everything a tenant might type, without accents, for the filter box.
            "words": _fold(" ".join((p.title, p.question, theme.title, p.level.name) + p.keywords)),
        } for p in problems]})
    numbers = [urg.numbers[n] for n in ("18", "112", "15", "17", "114") if n in urg.numbers]
    return render("urgences_aide.md.j2", groups=groups, levels=urg.levels, badge=badge, tel=tel,
                  numbers=numbers, total=len(urg.problems))


def _fold(text: str) -> str:

    plain = unicodedata.normalize("NFD", text.casefold())
    letters = "".join(ch if ch.isalnum() else " " for ch in plain if not unicodedata.combining(ch))
    return " ".join(letters.split())  # only letters, digits and spaces: nothing to escape in an attribute


def all_pages(guide: Guide, urg: Urgencies) -> dict[str, str]:
    """Every generated page of /urgences/, by its path in the docs tree."""
    pages = {
        INDEX: index_page(guide, urg, guide.sources),
        AID: aid_page(urg),
        COMPARISON: comparison_page(guide, urg),
    }
    for level in urg.levels:
        pages[level.src] = level_page(guide, urg, level)
    return {src: _typeset(text) for src, text in pages.items()}


def _typeset(page: str) -> str:
    """French spacing in the body, leaving the YAML front matter as it is."""
    if page.startswith("---\n"):
        end = page.index("\n---\n", 4) + 5
        return page[:end] + french_spacing(page[end:])
    return french_spacing(page)


# The order of the pages in the menu: overview, the decision aid, the levels, the comparison.
def nav_order(urg: Urgencies) -> list[str]:
    return [INDEX, AID] + [level.src for level in urg.levels] + [COMPARISON]
