"""Operations: /healthz/, heartbeats of the sweep and of beat, the stale-sweep banner, backup and restore.
Reads other rooms' tables only through raw SQL counts, so any room may report a heartbeat to it.
May import: fangguanfu, workdays, agencies."""
