"""Workflow pages: thin views that read through selectors and write through tasks.services."""
