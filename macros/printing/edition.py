"""The edition date printed on every document and written into its metadata.

Never the clock: two builds of the same data must give the same bytes. In order of preference:
SOURCE_DATE_EPOCH (the reproducible-builds convention), the latest review date in the data,
then the date of the last commit that touched the data or the pages."""
from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def edition_date(root: Path, review_dates: list[str | None], epoch: int | None) -> date | None:
    """SOURCE_DATE_EPOCH (the settings' source_date_epoch) when set, else the latest review, else
    the last commit."""
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc).date()
    reviewed = [date.fromisoformat(d) for d in review_dates if d]
    if reviewed:
        return max(reviewed)
    return _last_commit_date(root)


def _last_commit_date(root: Path) -> date | None:
    # The commit date, not the author date: it is what a fresh clone of that commit carries.
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "circuits", "content"], cwd=root,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = out.stdout.strip()
    return datetime.fromtimestamp(int(stamp), tz=timezone.utc).date() if out.returncode == 0 and stamp else None


def french_date(day: date | None) -> str | None:
    if day is None:
        return None
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number}\u00a0{MONTHS[day.month - 1]} {day.year}"
