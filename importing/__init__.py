"""Importing: upload → preview → confirm of a plan, saving a ParsedDocument into documents and
tasks, Excel ledger import, the document pages and the documents API (read through the user's tasks).
May import: fangguanfu, agencies, documents (incl. documents.parsing), tasks, reporting."""
