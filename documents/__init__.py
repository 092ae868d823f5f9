"""Documents: Document, Plan, Section, and parsing/, a pure library (text and tables → ParsedDocument)
with no ORM and no Django.
May import: fangguanfu, agencies."""
