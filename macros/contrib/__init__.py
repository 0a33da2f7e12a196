"""The partners' round trip: the form and questionnaire of each sheet, and `make import`."""
