"""Where each square goes. The rule as players read it is macros/game/texts/regle-plateau.md:

1. Square 1 is "Je constate un problème"; the last square is "Ma réclamation est résolue".
2. The board has 63 squares, as in the traditional game, unless the special squares would then
   fill more than half of it; it then grows to the smallest multiple of 9 that keeps half plain.
3. The landlord's steps, in circuit order, are spread evenly between the first and last squares.
4. Setback squares (every sticking point) and bonus squares (each practice the landlord applies)
   alternate, spread evenly over the squares left free.
5. A goose square ("rejouez") sits on every free multiple of 9, as in the traditional game.
Same data, same board."""
from __future__ import annotations

import math
from dataclasses import dataclass

from macros.data.game import GameData, SpecialRule

TRADITIONAL_SIZE = 63


@dataclass(frozen=True)
class Square:
    number: int
    kind: str  # depart, etape, recul, bonus, oie, arrivee, simple
    text: str
    step_number: int | None = None
    rule: SpecialRule | None = None


@dataclass(frozen=True)
class Board:
    title: str
    slug: str
    squares: list[Square]

    @property
    def size(self) -> int:
        return len(self.squares)

    def of_kind(self, kind: str) -> list[Square]:
        return [s for s in self.squares if s.kind == kind]


def board_size(specials: int) -> int:
    """Rule 2: 63, or the smallest multiple of 9 with at least as many plain squares as special ones."""
    needed = 2 * specials
    if needed <= TRADITIONAL_SIZE:
        return TRADITIONAL_SIZE
    return 9 * math.ceil(needed / 9)


def spread(count: int, free: list[int]) -> list[int]:
    """`count` positions taken evenly from the sorted list `free`."""
    if count == 0:
        return []
    return [free[round((i + 0.5) * len(free) / count - 0.5)] for i in range(count)]


def interleave(a: list, b: list) -> list:
    out = []
    for i in range(max(len(a), len(b))):
        out += a[i:i + 1] + b[i:i + 1]
    return out


def make_board(title: str, slug: str, step_titles: list[str], practice_ids: list[str], game: GameData) -> Board:
    bonuses = [game.bonuses[p] for p in practice_ids if p in game.bonuses]
    specials = interleave(game.setbacks, bonuses)
    size = board_size(len(step_titles) + len(specials) + 2)
    cells: dict[int, Square] = {
        1: Square(1, "depart", "Je constate un problème"),
        size: Square(size, "arrivee", "Ma réclamation est résolue"),
    }
    for i, title_ in enumerate(step_titles, start=1):
        n = 1 + round(i * (size - 1) / (len(step_titles) + 1))
        while n in cells:  # tiny boards only: take the next free square
            n += 1
        cells[n] = Square(n, "etape", title_, step_number=i)
    free = [n for n in range(2, size) if n not in cells]
    for n, rule in zip(spread(len(specials), free), specials):
        cells[n] = Square(n, rule.kind, rule.text, rule=rule)
    for n in range(9, size, 9):
        if n not in cells:
            cells[n] = Square(n, "oie", game.goose.text, rule=game.goose)
    squares = [cells.get(n, Square(n, "simple", "")) for n in range(1, size + 1)]
    return Board(title, slug, squares)


def landlord_board(landlord, game: GameData) -> Board:
    return make_board(f"Le jeu des réclamations : {landlord.short_name}", landlord.id,
                      [s.title for s in landlord.steps], [p.id for p in landlord.practices], game)


def generic_board(game: GameData) -> Board:
    return make_board("Le jeu des réclamations", "generique", [t for t, _ in game.generic_steps], [], game)
