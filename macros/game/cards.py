"""Question cards drawn from the urgency criteria and the recourse ladder.

Each answer is computed from the same data as the guide's pages, so a card never says more (or
other) than the guide does."""
from __future__ import annotations

import re
from dataclasses import dataclass

from macros.data.guide import Guide
from macros.data.model import TO_COMPLETE, Landlord
from macros.data.urgency import Urgencies
from macros.pages.markup import contact

_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Card:
    question: str
    answer: str
    page: str  # site path of the page that explains, e.g. "urgences/danger/#odeur-de-gaz"
    kind: str = "urgence"  # urgence or recours: the card's pictogram and label


def plain(text: str) -> str:
    """Card text is printed: the HTML of "À compléter" markers becomes plain words."""
    return _TAGS.sub("", text).replace("  ", " ").strip()


def urgency_cards(urgencies: Urgencies, landlord: Landlord | None) -> list[Card]:
    cards = []
    for problem in urgencies.problems:
        level = problem.level
        parts = [f"Niveau : {level.name}."]
        if problem.right_now:
            parts.append(problem.right_now[0])
        if problem.call and not all(n.number in parts[-1] for n in problem.call):
            parts.append("Appelez : " + ", ".join(f"le {n.number} ({n.name})" for n in problem.call) + ".")
        elif problem.call:
            pass  # the first thing to do already gives the numbers to call
        elif landlord is not None:
            who = contact(landlord, level, urgencies.unknown_on_call.where)
            parts.append("Le soir : " + (who.after_hours if who.after_hours else
                                         f"attendez l'ouverture, puis {who.daytime}") + ".")
        else:
            parts.append("Le soir : l'astreinte de votre bailleur si c'est urgent, sinon attendez l'ouverture.")
        page = f"urgences/{level.id}/#{problem.id}"
        cards.append(Card(f"Un dimanche soir. {problem.question} Que faites-vous ?", plain(" ".join(parts)), page))
    return cards


def recourse_cards(guide: Guide, landlord: Landlord | None) -> list[Card]:
    ladder = guide.ladder_for(landlord) if landlord is not None else guide.ladder
    cards = []
    for rung in ladder:
        answer = rung.title + "."
        if rung.cost:
            answer += f" Coût : {rung.cost}"
        if rung.delay:
            answer += f" Délai : {rung.delay}"
        cards.append(Card(f"{rung.when} Que pouvez-vous faire ?", plain(answer), "recours/", "recours"))
    return cards


def deck(guide: Guide, urgencies: Urgencies, landlord: Landlord | None) -> list[Card]:
    return urgency_cards(urgencies, landlord) + recourse_cards(guide, landlord)


def unknown_answers(cards: list[Card]) -> int:
    return sum(TO_COMPLETE in c.answer for c in cards)
