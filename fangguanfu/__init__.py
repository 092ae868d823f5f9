"""fangguanfu: settings (from the environment), the Celery app, shared API plumbing (errors, pagination,
schema, strict filters) and the workflow's error types; urls.py and api_urls.py wire every room's URLs.
May import: no room (only urls.py and api_urls.py, the wiring, see every room)."""

# Load the Celery app when Django starts so that @shared_task binds to it.
from .celery import app as celery_app

__all__ = ("celery_app",)
