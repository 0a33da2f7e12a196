"""The two-page leaflet of a landlord (recto-verso A4), and its federation variants.

The leaflet is laid out once per landlord with an empty association box. Each variant (the
blank one, and one per federation) only differs inside that box, so the box contents are laid
out once for all landlords, as small "stamps", and laid onto page 2 at the box's position."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from macros.data.model import Landlord
from macros.pages.markup import french
from macros.printing.columns import balanced_split, estimated_heights, laid_out_heights, placed_steps, step_columns, step_texts
from macros.printing.engine import Engine, PrintError, meta_dates, page_title_css, svg_image
from macros.data.federations import CONTACT_FIELDS, Federation
from macros.printing.pool import shared, worker_engine
from macros.printing.qr import qr_svg
from macros.printing.stamping import Base, Box, box_from_stamp, stamped

PAGES = 2
# The association box's inner slot, the same size in the leaflet and in the stamps (mm).
SLOT_WIDTH_MM, SLOT_HEIGHT_MM = 106, 33
BOX_ID = "cadre-association-contenu"
FLOW_END, FOOT = "fin-verso", "pied-verso"  # the end of the verso's text, and its pinned foot
# Tried in order until the leaflet fits two pages: (base font size in pt, diagram height in mm).
FITS = ((10, 100), (9.5, 90), (9, 80), (8.5, 70))
PX_TO_PT = 0.75
# The page's text width (A4 less leaflet.css's side margins), and the steps' two columns within it:
# each column's numbers in an indent of their own; the second column sits at the right edge, the
# gap between them is what is left.
CONTENT_WIDTH_MM = 184
STEPS_INDENT_MM, STEPS_GAP_MM = 6, 2
STEPS_WIDTH_MM = (CONTENT_WIDTH_MM - 2 * STEPS_INDENT_MM - STEPS_GAP_MM) / 2
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', re.I)


@dataclass(frozen=True)
class Site:
    name: str
    url: str           # the public address, ending with "/"
    edition: date | None
    edition_text: str | None
    # The address is still the example one: printouts say « aperçu » and carry no QR code.
    preview: bool = False

PREVIEW_TEXT = "APERÇU — adresse du site à définir"


@dataclass
class Leaflet:
    """The laid-out base leaflet of a landlord, before any stamp."""
    landlord: Landlord
    pdf: bytes
    slot: tuple[float, float]  # where the stamp goes on page 2, in PDF points from the bottom-left
    fit: tuple[float, int]
    split: int  # how many steps in the left column
    layouts: int  # how many times it was laid out (each smaller type size, each better split of the steps)
    _base: Base | None = None

    @property
    def base(self) -> Base:
        # Read once; each variant appends its own update to it.
        if self._base is None:
            self._base = Base.read(self.pdf, PAGES - 1, BOX_ID)
        return self._base


def circuit_in_words(landlord: Landlord) -> str:
    """Where each step of the circuit leads, and on what condition (the conditions are written only
    in the drawing): the diagram for a screen reader."""
    sentences = []
    for step in landlord.steps:
        ways = [f"{'retour à' if t.reminder else 'vers'} l'étape {t.target.number}"
                + (f" ({t.condition})" if t.condition else "")
                for t in landlord.transitions if t.source is step]
        sentences.append(f"Étape {step.number}, « {step.title} » : " + (", ".join(ways) if ways else "fin du circuit") + ".")
    return french(f"En {len(landlord.steps)} étapes. " + " ".join(sentences))


def diagram_alt(landlord: Landlord) -> str:
    """The leaflet's diagram, its alternative text: what it is, then the circuit in words."""
    return french(f"Schéma du circuit des réclamations {landlord.of_name}. ") + circuit_in_words(landlord)


def qr_alt(what: str, url: str) -> str:
    """A QR code's alternative text: where it leads, as the address a person would type."""
    return french(f"Code QR qui ouvre {what} : ") + re.sub(r"^https?://", "", url).rstrip("/")


def diagram_size(svg_html: str, max_width_mm: float, max_height_mm: float) -> tuple[float, float]:
    """Width and height (mm) that keep the diagram's proportions within the given box."""
    match = _VIEWBOX.search(svg_html)
    if not match:
        return max_width_mm, max_height_mm
    w, h = float(match.group(1)), float(match.group(2))
    scale = min(max_width_mm / w, max_height_mm / h)
    return round(w * scale, 2), round(h * scale, 2)


PDF_DIR = "pdf"


def leaflet_path(landlord: Landlord, federation: Federation | None = None) -> str:
    suffix = f"-{federation.id}" if federation else ""
    return f"{PDF_DIR}/depliant-{landlord.id}{suffix}.pdf"


def leaflet_title(landlord: Landlord, federation: Federation | None = None) -> str:
    title = f"Votre réclamation chez {landlord.short_name} : le dépliant"
    return f"{title}, diffusé par {federation.display_name}" if federation else title


def leaflet_html(jinja, site: Site, guide, landlord: Landlord, figure: str, page_url: str,
                 fit: tuple[float, int], split: int | None = None, qr_code: bool = True,
                 on_call_hint: str = "") -> str:
    """The leaflet's HTML at one type size and diagram height (see FITS), with `split` steps in
    the left column. qr_code False leaves the code out, for the cache key: it follows from the
    page's address (in the HTML anyway) and segno's version (in the key)."""
    font_pt, diagram_mm = fit
    svg = figure[figure.find("<svg"):figure.rfind("</svg>") + 6]
    width, height = diagram_size(svg, CONTENT_WIDTH_MM, diagram_mm)
    return jinja.get_template("leaflet.html.j2").render(
        site=site, l=landlord, ladder=guide.ladder_for(landlord),
        svg=svg_image(svg, diagram_alt(landlord)), diagram_width=width, diagram_height=height,
        qr=svg_image(qr_svg(page_url), qr_alt(f"la page {landlord.of_name} dans le guide en ligne", page_url))
        if qr_code and not site.preview else "",
        page_url_display=display_url(page_url), preview_text=PREVIEW_TEXT, font_pt=font_pt, box_id=BOX_ID, slot_w=SLOT_WIDTH_MM,
        slot_h=SLOT_HEIGHT_MM, title=leaflet_title(landlord), meta_dates=meta_dates(site.edition),
        page_title_css=page_title_css(guide.territory.title, "@bottom-left"), made_by=guide.territory.oeuvre_commune,
        step_columns=step_columns(step_texts(landlord), split), steps_width=STEPS_WIDTH_MM,
        steps_indent=STEPS_INDENT_MM, on_call_hint=on_call_hint)


def render_base(engine: Engine, site: Site, guide, landlord: Landlord, figure: str, page_url: str,
                on_call_hint: str = "") -> Leaflet:
    """Lay out the leaflet, shrinking the type a notch at a time until it fits exactly two pages.

    At each size the steps are split between their two columns by estimated heights; if the
    laid-out heights call for another split, the leaflet is laid out once more with it."""
    images: dict = {}  # the diagram, parsed once for all tries, and let go with the leaflet
    steps, layouts = step_texts(landlord), 0

    def lay_out(fit, split):
        nonlocal layouts
        layouts += 1
        return engine.render(leaflet_html(engine.jinja, site, guide, landlord, figure, page_url, fit, split,
                                          on_call_hint=on_call_hint),
                             "print-base.css", "leaflet.css", images=images)

    for fit in FITS:
        split = balanced_split(estimated_heights(engine.widths(700), engine.widths(400), steps, fit[0],
                                                   STEPS_WIDTH_MM))
        document = lay_out(fit, split)
        placed = placed_steps(document, steps)
        heights = laid_out_heights(placed, steps)
        if heights is not None and balanced_split(heights) != split:
            split = balanced_split(heights)
            document = lay_out(fit, split)
            placed = placed_steps(document, steps)
        # A column too long for the recto would go on over the verso: floats do not push it away.
        on_recto = all(page == 0 for page, _ in placed.values())
        if len(document.pages) == PAGES and on_recto and _foot_is_clear(document):
            return Leaflet(landlord, engine.write(document), _slot(document), fit, split, layouts)
    raise PrintError(f"Le dépliant de {landlord.short_name} ne tient pas sur {PAGES} pages, même en petits "
                     f"caractères ({FITS[-1][0]} pt ; {len(document.pages)} pages). Raccourcissez les textes "
                     f"de {landlord.file} (descriptions des étapes, canaux) ou le modèle leaflet.html.j2.")


def leaflets_task(landlord_id: str, figure: str) -> tuple[dict[str, bytes], dict]:
    """A print worker's task: a landlord's leaflet, laid out once, then one copy per variant of the
    association box (shared["variants"]: None for the blank box, then each federation)."""
    engine, site, guide = worker_engine(), shared["site"], shared["guide"]
    if "stamps" not in shared:  # once per worker
        shared["stamps"] = render_stamps(engine, shared["variants"])
    landlord = next(l for l in guide.landlords if l.id == landlord_id)
    base = render_base(engine, site, guide, landlord, figure, shared["urls"][landlord_id],
                       shared.get("on_call_hint", ""))
    files = {leaflet_path(landlord, federation): stamped_copy(base, shared["stamps"][index],
                                                              leaflet_title(landlord, federation), site.edition)
             for index, federation in enumerate(shared["variants"])}
    return files, {"pages": PAGES, "fit": list(base.fit), "mises_en_page": base.layouts}


def display_url(url: str) -> Markup:
    """The address as a person types it (no https://), breakable after each slash."""
    short = re.sub(r"^https?://", "", url).rstrip("/")
    return Markup("/<wbr>").join(short.split("/"))


def _foot_is_clear(document) -> bool:
    anchors = document.pages[PAGES - 1].anchors
    if FLOW_END not in anchors or FOOT not in anchors:
        return False
    return anchors[FLOW_END][1] + 4 <= anchors[FOOT][1]  # a few pixels of air between them


def _slot(document) -> tuple[float, float]:
    page = document.pages[PAGES - 1]
    if BOX_ID not in page.anchors:
        raise PrintError(f"Le cadre de l'association n'est pas en page {PAGES} du dépliant.")
    x1, _, x2, y2 = page.anchors[BOX_ID]
    width_mm = (x2 - x1) * 25.4 / 96
    if abs(width_mm - SLOT_WIDTH_MM) > 0.5:
        raise PrintError(f"Le cadre de l'association mesure {width_mm:.1f} mm au lieu de {SLOT_WIDTH_MM} mm.")
    return x1 * PX_TO_PT, page.height * PX_TO_PT - y2 * PX_TO_PT


def stamps_html(jinja, federations: list[Federation | None]) -> str:
    """One small page per variant of the box: None is the blank box, to fill by hand."""
    boxes = []
    for federation in federations:
        if federation is None:
            boxes.append({"name": None, "lines": [(label, None) for _, label in CONTACT_FIELDS]})
        else:
            boxes.append({"name": federation.display_name, "lines": list(federation.contact)})
    return jinja.get_template("stamp.html.j2").render(boxes=boxes, slot_w=SLOT_WIDTH_MM, slot_h=SLOT_HEIGHT_MM)


STAMP_SHEETS = ("print-base.css", "stamp.css")


def read_stamps(pdf: bytes, pages: int, federations: list[Federation | None]) -> list[Box]:
    if pages != len(federations):
        raise PrintError("Le contenu d'un cadre d'association déborde de son cadre : raccourcissez les "
                         "coordonnées de circuits/federations.yaml.")
    # late: pypdf is only needed where a PDF is read back
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [box_from_stamp(page, tuple(float(v) for v in page.mediabox)) for page in reader.pages]


def render_stamps(engine: Engine, federations: list[Federation | None]) -> list[Box]:
    document = engine.render(stamps_html(engine.jinja, federations), *STAMP_SHEETS)
    # Untagged: the box's contents are tagged where they are drawn, in the leaflet (stamping.py).
    return read_stamps(engine.write(document, tagged=False), len(document.pages), federations)


def stamped_copy(leaflet: Leaflet, box: Box, title: str, edition: date | None) -> bytes:
    """The leaflet with one variant of the association box: the laid-out leaflet's bytes,
    followed by a small incremental update (see stamping.py)."""
    return stamped(leaflet.base, box, leaflet.slot, title, edition)
