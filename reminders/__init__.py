"""Reminders: who is due what (dues), the reminder rows and their delivery (e-mail, inbox, webhook),
Celery jobs and beat, and the in-app inbox.
May import: fangguanfu, agencies, documents, tasks, reporting. Imported by: leadership."""
