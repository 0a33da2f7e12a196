"""Deadline arithmetic for the letters' timeline: pure functions on dates.

- Months and years (Code de procédure civile, art. 641, al. 2): the delay ends on the day of the
  last month (or year) that has the same day number as the starting day; without one, on the
  last day of that month. dateutil's relativedelta does exactly that (31 January + 1 month is
  28 or 29 February; 29 February + 1 year is 28 February).
- Days (art. 641, al. 1): the starting day does not count, so D + n days.
- Saturdays, Sundays and public holidays (art. 642, al. 2): a court delay ending on one of them
  is extended to the next working day. Our timeline applies that only to advice dates (pushed
  forward, for readability) and rounds a legal limit that is not a court delay *down* to the last
  working day on or before it: the safe side for the tenant.
- Public holidays (Code du travail, art. L3133-1): eight fixed days, and Easter Monday, Ascension
  and Whit Monday, computed from Easter by dateutil (already a dependency). The `holidays`
  package would be the obvious choice, but its current versions require python-dateutil<3
  while MkDocs' dependencies pin python-dateutil 4.0.0 in our lock (checked with pip: no
  version set resolves both).

The browser computes the same dates (content/assets/lettres.js) from the holiday table made
here; a test compares both on many dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

# Code du travail, art. L3133-1 (the Alsace-Moselle extra days of art. L3134-13 are not counted).
FIXED_HOLIDAYS = ((1, 1, "Jour de l'an"), (5, 1, "Fête du travail"), (5, 8, "Victoire 1945"),
                  (7, 14, "Fête nationale"), (8, 15, "Assomption"), (11, 1, "Toussaint"),
                  (11, 11, "Armistice 1918"), (12, 25, "Noël"))
EASTER_HOLIDAYS = ((1, "Lundi de Pâques"), (39, "Ascension"), (50, "Lundi de Pentecôte"))
# The years of the table embedded in the pages; the browser says so when a date falls outside.
FIRST_YEAR, LAST_YEAR = 2020, 2045


def holidays(year: int) -> dict[date, str]:
    """The eleven public holidays of a year, date -> name."""
    days = {date(year, m, d): name for m, d, name in FIXED_HOLIDAYS}
    sunday = easter(year)
    days.update({sunday + timedelta(days=offset): name for offset, name in EASTER_HOLIDAYS})
    return dict(sorted(days.items()))


def holiday_table(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict[str, str]:
    """ISO date -> name, for the pages' JSON."""
    return {d.isoformat(): name for year in range(first, last + 1) for d, name in holidays(year).items()}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the first working day after it (art. 642)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """The day itself if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add(start: date, *, days: int = 0, months: int = 0, years: int = 0) -> date:
    """start + a delay counted as art. 641 says (months first, then days)."""
    return start + relativedelta(years=years, months=months) + timedelta(days=days)


SHIFTS = {"suivant": next_working_day, "precedent": previous_working_day, None: lambda d: d}


@dataclass(frozen=True)
class Rule:
    """One date of the timeline: `start` field + delay, then shifted as `shift` says."""
    id: str
    start: str            # the form field the delay runs from, e.g. "date_reclamation"
    days: int
    months: int
    years: int
    shift: str | None     # "suivant", "precedent" or None
    label: str
    todo: str
    kind: str             # "loi" (a legal limit) or "conseil" (advice)

    def date_from(self, start: date) -> date:
        return SHIFTS[self.shift](add(start, days=self.days, months=self.months, years=self.years))

    def as_json(self) -> dict:
        return {"id": self.id, "depuis": self.start, "jours": self.days, "mois": self.months, "ans": self.years,
                "decalage": self.shift, "libelle": self.label, "quoi": self.todo, "nature": self.kind}
