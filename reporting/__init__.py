"""Reporting: progress reports (进展报送), their attachments, head approval, and the task page
where reports, the timeline and sign-off evidence are read and written.
May import: fangguanfu, agencies, documents, tasks. Imported by: importing, reminders, leadership."""
