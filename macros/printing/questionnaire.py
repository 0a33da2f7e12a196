"""The paper questionnaire of a sheet (a landlord, a federation): every missing field and open
question of its form /contribuer/<id>/ (the list of /a-verifier/), with room to write the answer
and its source. Made by the print workers beside the leaflets; not in the tenants' catalogue."""
from __future__ import annotations

from macros.printing.engine import meta_dates

FOLDER = "pdf/questionnaires"
SHEETS = ("print-base.css", "questionnaire.css")


def questionnaire_path(sheet) -> str:
    return f"{FOLDER}/questionnaire-{sheet.id}.pdf"


def questionnaire_html(jinja, site, sheet, contact: str | None, form_url: str) -> str:
    return jinja.get_template("questionnaire.html.j2").render(
        site=site, s=sheet, contact=contact, form_url=form_url, meta_dates=meta_dates(site.edition),
        title=f"Questionnaire pour compléter la fiche {sheet.name}")
