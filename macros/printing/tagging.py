"""What WeasyPrint's tagged PDF (PDF/UA-1) leaves out, added while it builds the structure tree.

WeasyPrint 70 writes the structure tree, the language, the title shown by the viewer and the
artifacts (backgrounds, borders). Four things are left to us:
- the page's margin boxes (running title, « page 2 sur 4 ») are tagged as text of structure
  elements that belong to no tree: they are pagination, drawn here as artifacts, outside the tree;
- a table's header cells get an /ID but no /Scope, which PDF/UA-1 (7.5) asks for when the
  headers are not tied to the data cells otherwise, and which checkers look for: each /TH gets
  /Scope /Column, or /Row for <th scope="row">, the rule WeasyPrint itself follows for /Headers;
- an inline SVG's figure takes only its <title> as alternative text: its <desc> is added (in
  the guide, a circuit's description is the circuit told in words: see guide_pdf.prepare);
- an element the printing code must find again in the written PDF (the leaflet's association
  box, filled later by stamping.py) has no name there: an HTML element with `data-pdf-id` gets
  it as the structure element's /ID.

This patches WeasyPrint's private internals, so it applies only to the exact version it was
written for; with any other version the tests' PDF/UA check says what is missing
(tests/test_pdf_accessible.py)."""
from __future__ import annotations

from contextlib import contextmanager

WRITTEN_FOR = "70.0"  # the WeasyPrint version whose pdf/tags.py this completes
PDF_ID = "data-pdf-id"
SVG = "{http://www.w3.org/2000/svg}"
# The boxes of the page being drawn that are pagination (inside its margin boxes), by id().
_pagination: set[int] = set()


def install() -> None:
    """Complete each structure element as WeasyPrint yields it (once per process)."""
    # late: WeasyPrint is heavy and only print workers need it
    import pydyf
    import weasyprint
    from weasyprint import document
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags
    from weasyprint.pdf.stream import Stream

    if weasyprint.__version__ != WRITTEN_FOR or getattr(tags._build_box_tree, "completed", False):
        return
    build = tags._build_box_tree

    draw_page, marked = document.draw_page, Stream.marked

    def draw_paginated(page, stream):
        _pagination.update(id(box) for margin in page.children if isinstance(margin, MarginBox)
                           for box in margin.descendants())
        try:
            draw_page(page, stream)
        finally:
            _pagination.clear()

    @contextmanager
    def marked_or_artifact(self, box, tag):
        with (self.artifact() if id(box) in _pagination else marked(self, box, tag)):
            yield

    def completed(box, parent, pdf, *rest):
        if isinstance(box, MarginBox):
            return  # drawn as an artifact: nothing of it in the tree
        element_box = box._box if isinstance(box, AbsolutePlaceholder) else box
        html = element_box.element
        for element in build(box, parent, pdf, *rest):
            # The generator yields the box's own element last; a list item may yield a wrapper.
            if html is not None and element["S"] == "/TH" and element_box.element_tag == "th":
                scope = html.attrib.get("scope", "col")
                element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"
            elif html is not None and element["S"] == "/Figure" and html.tag == f"{SVG}svg":
                description = html.find(f"{SVG}desc")
                if "Alt" in element and description is not None and description.text:
                    title = str(element["Alt"].string)
                    element["Alt"] = pydyf.String(f"{title.strip().rstrip('.')}. {description.text.strip()}")
            if html is not None and html.attrib.get(PDF_ID) and element["S"] != "/LI":
                element["ID"] = pydyf.String(html.attrib[PDF_ID])
            yield element

    completed.completed = True
    # The function calls itself through the module's name: children go through it too.
    tags._build_box_tree = completed
    document.draw_page, Stream.marked = draw_paginated, marked_or_artifact
