"""Leadership outputs: dashboards, ledgers (台账) as .xlsx/.csv, ledger import pages, and later the
调度 pack and scores.
May import every room below it (fangguanfu … reminders). Imported by nothing but fangguanfu.urls."""
