"""The letters stage: model letters (texts/lettres.yaml), their deadlines, their pages and PDFs.

No MkDocs here: the adapter hands this stage an `add(path, content)` function and the print pool."""
