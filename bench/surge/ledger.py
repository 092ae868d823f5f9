"""After the run: is every report the server accepted in the database exactly once?

Each submission carries a marker unique to it (【SURGE-<run>-<user>-<n>】 at the start of its
工作进展). The locust side records every marker it sent and whether the server accepted it (the
302 back to the task page). Here the markers are counted in tasks_progressreport, together with
each report's attachments, and compared.
"""

import re
from dataclasses import asdict, dataclass, field

from django.db import connection

# The locust side writes the same shape (locustfile.marker); run and user are letters and digits.
MARKER = re.compile(r"【(SURGE-[A-Za-z0-9]+-[A-Za-z0-9]+-[0-9]+)】")


def marker_text(run_id: str, user: str, n: int) -> str:
    return f"SURGE-{run_id}-{user}-{n}"


@dataclass
class LedgerCheck:
    accepted: int = 0  # the server answered 302 to the task page
    refused: int = 0  # the server answered something else (an error of the run)
    found_once: int = 0
    missing: list[str] = field(default_factory=list)  # accepted, not in the database
    duplicated: list[str] = field(default_factory=list)  # in more than one report
    # Refused or timed out on the client, yet stored once: the server committed; an error of the run, not a loss.
    unacknowledged: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # stored under a marker the locust side never sent
    attachments_wrong: list[str] = field(default_factory=list)  # the report lacks the files sent with it

    @property
    def exactly_once(self) -> bool:
        return (self.accepted > 0 and self.found_once == self.accepted and not self.missing and not self.duplicated
                and not self.unknown and not self.attachments_wrong)

    def as_dict(self, limit: int | None = None) -> dict:
        """Counts and the markers of each kind (the first `limit` of each, to keep the JSON readable)."""
        out = asdict(self)
        for key, value in list(out.items()):
            if isinstance(value, list):
                out[f"{key}_count"] = len(value)
                out[key] = value[:limit] if limit is not None else value
        return {**out, "exactly_once": self.exactly_once}


def stored_markers(run_id: str) -> dict[str, list[int]]:
    """marker → the attachment count of each report holding it, for the reports of this run."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT r.content, (SELECT count(*) FROM tasks_reportattachment a WHERE a.report_id = r.id)
            FROM tasks_progressreport r WHERE r.content LIKE %s
            """,
            [f"%【SURGE-{run_id}-%"],
        )
        found: dict[str, list[int]] = {}
        for content, attachments in cursor.fetchall():
            for marker in MARKER.findall(content):
                found.setdefault(marker, []).append(attachments)
        return found


def check_submissions(run_id: str, submissions: list[dict]) -> LedgerCheck:
    """submissions: {"marker", "accepted", "attachments"} per form the locust side posted."""
    found = stored_markers(run_id)
    check = LedgerCheck()
    sent: set[str] = set()
    for sub in submissions:
        marker = sub["marker"]
        sent.add(marker)
        rows = found.get(marker, [])
        if not sub["accepted"]:
            check.refused += 1
            if len(rows) > 1:
                check.duplicated.append(marker)
            elif rows:
                check.unacknowledged.append(marker)
            continue
        check.accepted += 1
        if not rows:
            check.missing.append(marker)
        elif len(rows) > 1:
            check.duplicated.append(marker)
        else:
            check.found_once += 1
            if rows[0] != sub["attachments"]:
                check.attachments_wrong.append(marker)
    # Reports of this run whose marker the locust side never recorded at all.
    check.unknown = sorted(m for m in found if m not in sent)
    return check
