"""Bench: load generation (COPY) and measurement behind `make bench`; a tool, not part of the app.
May import every room; imported by nothing."""
