"""The letters' pages, embeds and PDFs, made from the catalogue and the landlords' data.

Python prepares every value; the templates only loop and print. The pages carry one JSON
island (fields, landlords, deadline rules, public holidays) read by content/assets/lettres.js."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from macros.build.paths import up_to_root
from macros.build.templating import template_environment
from macros.pages import markup
from macros.pages.render import front_matter_text
from macros.data.bundle import Bundle
from macros.letters.catalogue import Blank, Catalogue, Field, Letter, catalogue_for, landlord_card
from macros.letters.deadlines import holiday_table

TEMPLATES = Path(__file__).resolve().parent / "templates"
FOLDER = "lettres"
EMBED = "integrer/lettres"
PDF_DIR = "pdf/lettres"
SHEET_PDF = "pdf/fiche-de-suivi.pdf"
RECOURSE_PAGE = "recours/index.md"
# Past this many landlords, each letter's PDF is made once, with blanks: a PDF per letter and per
# landlord would be thousands of documents at 500 landlords (README, « Lettres et délais »);
# the browser prints the filled letter instead.
MAX_LANDLORD_PDFS = 6
EXAMPLE_START = date(2026, 3, 10)
# The tenant's own details: the browser may offer what it knows (WCAG 2.1, 1.3.5 input purpose).
AUTOCOMPLETE = {"nom": "name", "adresse": "street-address", "telephone": "tel", "courriel": "email",
                "ville": "address-level2"}
INPUT_TYPES = {"telephone": "tel", "courriel": "email"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

_ENV: dict = {}


def apart_from_guide(src_uri: str) -> bool:
    """A letter's own page stays out of the printed guide: its letter has its own PDF, and its form
    and dates need the browser. The letters' index (with its example timeline) stays in."""
    return src_uri.startswith(f"{FOLDER}/") and src_uri != f"{FOLDER}/index.md"


def french_date(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def hint(f: Field) -> str:
    return f.label[:1].lower() + f.label[1:]


def _environment():
    if "env" not in _ENV:
        # Escaped as the pages are (macros/pages/markup.py): landlords' names and sources come from the data.
        env = template_environment(TEMPLATES, "lettres", keep_trailing_newline=True, autoescape=True,
                                   finalize=markup.finalize,
                                   filters={"join": markup.join, "url": markup.url, "yaml": front_matter_text})
        env.globals.update(hint=hint)
        _ENV["env"] = env
    return _ENV["env"]


def render(template: str, **context) -> Markup:
    return Markup(_environment().get_template(template).render(**context))


def json_island(value) -> Markup:
    """JSON safe inside <script type="application/json">: no "<" can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def delay_text(rule) -> str:
    parts = [(rule.years, "an", "ans"), (rule.months, "mois", "mois"), (rule.days, "jour", "jours")]
    return " et ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)


@dataclass
class Letters:
    """One build's letters: the catalogue, the landlords' cards, the PDFs under way."""
    catalogue: Catalogue
    bundle: Bundle
    jobs: list = field(default_factory=list)
    pdfs: dict[str, bytes] = field(default_factory=dict)

    @property
    def cards(self) -> list[dict]:
        return [landlord_card(l) for l in self.bundle.guide.landlords]

    @property
    def landlord_pdfs(self) -> bool:
        return len(self.bundle.guide.landlords) <= MAX_LANDLORD_PDFS

    def data(self, letter: Letter) -> dict:
        fields = letter.fields(self.catalogue)
        return {"lettre": letter.id, "titre": letter.title,
                "champs": {f.id: {"libelle": f.label, "type": f.kind} for f in fields},
                "bailleurs": self.cards,
                "delais": [{**d.rule.as_json(), "depuis": d.start} for d in letter.dates],
                "feries": holiday_table()}

    def sheet(self, letter: Letter, values: dict | None = None) -> Markup:
        fields = self.catalogue.fields
        return Markup(render("sheet.html.j2", letter=letter, values=values or {},
                             blank_of=lambda fid: Blank(fields[fid])))

    def tool(self, letter: Letter, up: str, pdf: bool = True) -> Markup:
        starts = sorted({self.catalogue.fields[d.start].label.lower() for d in letter.dates})
        html = render("tool.html.j2", letter=letter, fields=letter.fields(self.catalogue), cards=self.cards,
                      autocomplete=AUTOCOMPLETE, input_types=INPUT_TYPES,
                      sheet=self.sheet(letter), data=json_island(self.data(letter)),
                      pdf=f"{up}{PDF_DIR}/{letter.id}.pdf" if pdf else None, starts=" et ".join(starts))
        # One raw HTML block for Markdown: no blank line inside.
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    def sheet_link(self, up: str, pdf: bool) -> str:
        if not pdf:
            return Markup("la fiche de suivi (page « Imprimer »)")
        return Markup('<a href="{}{}" download>la fiche de suivi de ma réclamation</a> (PDF)').format(up, SHEET_PDF)

    def counting(self):
        sources = self.catalogue.sources
        return [sources["cpc-641"], sources["cpc-642"], sources["code-travail-l3133-1"]]

    def pages(self, pdf: bool, directory_urls: bool = True, embeds: bool = True) -> dict[str, str]:
        """`directory_urls`: MkDocs' setting (false in the offline copy, which has no embeds either)."""
        c, guide = self.catalogue, self.bundle.guide
        rungs = {r.id: r for r in guide.ladder}
        out = {}
        timeline = [c.rules[i] for i in ("relance", "mediateur-debut", "mediateur-fin")]
        example = sorted((r.date_from(EXAMPLE_START), r) for r in timeline)
        out[f"{FOLDER}/index.md"] = render(
            "index.md.j2", letters=c.letters, sheet_a=self.sheet_link("../", pdf), read_on=c.read_on,
            timeline=[{"label": r.label, "delay": delay_text(r), "kind": r.kind, "todo": r.todo} for r in timeline],
            example_start=french_date(EXAMPLE_START), example=[(french_date(d), r) for d, r in example],
            counting=self.counting(), embeds=embeds)
        for letter in c.letters:
            up = up_to_root(f"{FOLDER}/{letter.id}.md", directory_urls)
            out[f"{FOLDER}/{letter.id}.md"] = render(
                "letter_page.md.j2", letter=letter, tool=self.tool(letter, up, pdf), assets=f"{up}assets",
                sheet_a=self.sheet_link(up, pdf), read_on=c.read_on, rules=letter.dates, counting=self.counting(),
                rungs=[rungs[r] for r in letter.rungs], recourse_link=f"../{RECOURSE_PAGE}", cards=self.cards,
                landlord_pdfs=pdf and self.landlord_pdfs and letter.names_landlord(c), pdf_dir=f"{up}{PDF_DIR}",
                few_landlords=self.landlord_pdfs)
        return out

    def embeds(self, site_name: str, site_url: str, icon: str | None) -> dict[str, str]:
        """/integrer/lettres/ (the list, with the code to paste) and one standalone page per letter.
        `site_url` ends with "/"."""
        out = {f"{EMBED}/index.html": render("embed_index.html.j2", letters=self.catalogue.letters,
                                             site_name=site_name, up="../../", icon=icon,
                                             frame_url=f"{site_url}{EMBED}/", script_url=f"{site_url}assets/embed/resize.js")}
        for letter in self.catalogue.letters:
            up = "../../../"
            out[f"{EMBED}/{letter.id}/index.html"] = render(
                "embed_letter.html.j2", letter=letter, tool=Markup(self.tool(letter, up)), up=up,
                site_name=site_name, icon=icon)
        return out

    def pdf_html(self, letter: Letter, css: str, edition_meta: Markup, card: dict | None = None) -> str:
        values = {"bailleur": card["nom"]} if card else {}
        if card and card.get("adresse") and letter.for_landlord:
            values["bailleur_adresse"] = card["adresse"]
        return render("letter_pdf.html.j2", letter=letter, sheet=self.sheet(letter, values), css=Markup(css),
                      meta_dates=edition_meta, landlord=card)

    def documents(self, css: str, edition_meta: Markup) -> dict[str, str]:
        """Path under site/ -> HTML of each letter's PDF: one with blanks, and one per landlord
        (with its name) while there are few landlords."""
        out = {}
        for letter in self.catalogue.letters:
            out[f"{PDF_DIR}/{letter.id}.pdf"] = self.pdf_html(letter, css, edition_meta)
            if self.landlord_pdfs and letter.names_landlord(self.catalogue):
                for card in self.cards:
                    out[f"{PDF_DIR}/{letter.id}-{card['id']}.pdf"] = self.pdf_html(letter, css, edition_meta, card)
        return out


def letters_for(bundle: Bundle) -> Letters:
    return Letters(catalogue_for(bundle.guide), bundle)
