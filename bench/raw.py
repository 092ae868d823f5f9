"""The API's task page as one hand-written SQL query: the yardstick of the endpoint/SQL ratio.

It returns what `GET /api/tasks/?page_size=100` shows (task fields, document,
section, warning, assignments with agency names, total count) in the API's
order (Task.Meta.ordering: newest document id first, then plan and the task's
order, id as the tie-break), so the ids can be compared with the API's.

Written as tight as we know how: the page filters and orders in one pass, so PostgreSQL can walk
task_list_order_idx and stop after the page's rows; the total is a separate uncorrelated count of the filter
(an InitPlan, no joins); warnings and assignments are computed for the page's rows only. (The first version
materialised every matching id in a CTE for both the count and the page, and was slower than the endpoint at
a million tasks: a ratio below 1 says the yardstick is loose, not that the endpoint is fast.)
"""


from django.db import connection

from tasks.warnings import OPEN_STATUSES

WHERE = {
    "agency": "EXISTS (SELECT 1 FROM tasks_assignment a WHERE a.task_id = t.id AND a.agency_id = %(agency)s)",
    # The open statuses listed, as the API's filter does (tasks/warnings.py warning_q → red_listed_q): one index range per status.
    "overdue": "t.status = ANY(%(open_statuses)s) AND t.deadline < %(today)s",
    "document": "t.document_id = %(document)s",
    "q": "(UPPER(t.text) LIKE UPPER(%(like)s) OR t.number = %(q)s OR UPPER(t.deadline_text) LIKE UPPER(%(like)s))",
}

PAGE_SQL = """
WITH page AS (
    SELECT t.id, t.number, t.text, t.deadline, t.deadline_text, t.status, t.signed_off_at, t."order", t.plan_id,
           d.id AS document_id, d.doc_number, d.title AS document_title, d.issue_date, d.imported_at,
           s.id AS section_id, s.number AS section_number, s.title AS section_title
    FROM tasks_task t
    JOIN documents_document d ON d.id = t.document_id
    LEFT JOIN documents_section s ON s.id = t.section_id
    WHERE {where}
    ORDER BY t.document_id DESC, t.plan_id, t."order", t.id
    LIMIT %(limit)s
)
SELECT p.*,
    CASE
        WHEN p.status <> 'signed_off' AND p.deadline < %(today)s THEN 'red'
        WHEN p.status <> 'signed_off' AND (p.deadline IS NULL OR p.deadline >= %(today)s) AND (
            p.deadline BETWEEN %(today)s AND %(yellow_until)s
            OR (%(in_window)s AND NOT EXISTS (
                SELECT 1 FROM tasks_progressreport r WHERE r.task_id = p.id AND r.period = %(month)s
                   AND r.status NOT IN ('pending_head', 'returned_by_head')))
        ) THEN 'yellow'
        ELSE 'green'
    END AS warning,
    (SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'role', a.role) ORDER BY a.role DESC, a.id)
       FROM tasks_assignment a JOIN agencies_agency g ON g.id = a.agency_id
      WHERE a.task_id = p.id) AS assignments,
    (SELECT count(*) FROM tasks_task t WHERE {where}) AS total
FROM page p
ORDER BY p.document_id DESC, p.plan_id, p."order", p.id
"""


def page_query(filter_name: str, value, ctx, limit: int = 100) -> tuple[str, dict]:
    params = {
        "today": ctx.today, "yellow_until": ctx.yellow_until, "month": ctx.month_start,
        "in_window": ctx.in_report_window, "limit": limit, "open_statuses": list(OPEN_STATUSES),
    }
    if filter_name == "q":
        params.update(q=value, like=f"%{value}%")
    elif filter_name in ("agency", "document"):
        params[filter_name] = value
    return PAGE_SQL.format(where=WHERE[filter_name]), params


def fetch_page(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
