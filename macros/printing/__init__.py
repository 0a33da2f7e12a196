"""Printed documents, made with WeasyPrint during the MkDocs build (see overrides/hooks/print.py).

One module per document type: guide_pdf (the whole guide), leaflet (two pages per landlord, and
per federation), tracking (the tracking sheet). catalogue lists them and writes the
« Imprimer et diffuser » page; engine holds the WeasyPrint setup shared by all of them."""
