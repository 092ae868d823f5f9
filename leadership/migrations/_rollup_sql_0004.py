"""The SQL of migration 0004: the document-free rollups (YearRollup, LeadRollup, SectionRollup).

0003's tables and triggers stay as they were; this replaces the source view (it gains the document's year),
the refresh and the rebuild (they keep three more tables), and adds a trigger on documents, whose year the
new tables are keyed by. Unchanged pieces are imported from 0003's module, which never changes.

Each new table is kept as 0003 keeps its own: one ordered insert-or-add of old-row −1 / new-row +1 per
statement, rows reaching 0 deleted, the tasks locked first; the tables are always written in the same order
(agency, task, year, lead, section), so two writers never wait for each other's rows the other way round.
"""

from ._rollup_sql_0003 import KEY, REBUILD as REBUILD_0003, REFRESH as REFRESH_0003, SOURCE_VIEW as SOURCE_VIEW_0003
from ._rollup_sql_0003 import TZ, _key

# leadership.rollup_models.ROLLUP_DEADLINE_PAST: a signed-off task's deadline, in the document-free tables.
DEADLINE_PAST = "DATE '1900-01-01'"


def _deadline(alias: str) -> str:
    return (f"CASE WHEN {alias}.status = 'signed_off' AND {alias}.deadline IS NOT NULL THEN {DEADLINE_PAST} "
            f"ELSE {alias}.deadline END")


def _figures(alias: str) -> str:
    """FigureKey's columns (status, deadline, assigned_on, progress_percent, report_month, on_time) of a row."""
    return (f"{alias}.status, {_deadline(alias)}, {alias}.assigned_on, {alias}.progress_percent, "
            f"{alias}.report_month, {alias}.on_time")


FIGURE_COLUMNS = "status, deadline, assigned_on, progress_percent, report_month, on_time"
YEAR_COLUMNS = f"year, {FIGURE_COLUMNS}, signed_off_month"
LEAD_COLUMNS = f"agency_id, year, {FIGURE_COLUMNS}"
SECTION_COLUMNS = "document_id, section_id, year"

# The year appended (CREATE OR REPLACE VIEW may only add columns at the end).
SOURCE_VIEW = SOURCE_VIEW_0003.replace(
    "           AS on_time\nFROM tasks_task t;",
    "           AS on_time,\n       d.year\nFROM tasks_task t LEFT JOIN documents_document d ON d.id = t.document_id;",
)
assert SOURCE_VIEW != SOURCE_VIEW_0003


def _upsert(table: str, constraint: str, columns: str, old_rows: str, new_rows: str) -> str:
    """One statement: the −1 rows of `old_rows` and the +1 rows of `new_rows` added into `table`, zeros deleted."""
    return f"""
    WITH delta AS (
        SELECT {columns}, sum(d)::int AS n FROM (
            {old_rows}
            UNION ALL
            {new_rows}
        ) x ({columns}, d) GROUP BY {columns} HAVING sum(d) <> 0
    ), up AS (
        INSERT INTO {table} ({columns}, n)
        SELECT {columns}, n FROM delta ORDER BY {columns}
        ON CONFLICT ON CONSTRAINT {constraint}
        DO UPDATE SET n = {table}.n + EXCLUDED.n
        RETURNING id, n
    ) SELECT array_agg(id) FILTER (WHERE n = 0) INTO zero FROM up;
    DELETE FROM {table} WHERE id = ANY(zero) AND n = 0;
"""


_STATE = "FROM leadership_taskrollupstate s JOIN unnest(ids) AS i(id) ON s.task_id = i.id"
_SOURCE = "FROM leadership_rollup_source v JOIN unnest(ids) AS i(id) ON v.task_id = i.id"
_OLD_LEADS = ("FROM leadership_agencyrollupstate a JOIN unnest(ids) AS i(id) ON a.task_id = i.id "
              "JOIN leadership_taskrollupstate s ON s.task_id = a.task_id WHERE a.is_lead")
_NEW_LEADS = ("FROM tasks_assignment a JOIN unnest(ids) AS i(id) ON a.task_id = i.id "
              "JOIN leadership_rollup_source v ON v.task_id = a.task_id WHERE a.role = 'lead'")

NEW_TABLES = (
    _upsert("leadership_yearrollup", "year_rollup_key_unique", YEAR_COLUMNS,
            f"SELECT s.year, {_figures('s')}, s.signed_off_month, -1 {_STATE}",
            f"SELECT v.year, {_figures('v')}, v.signed_off_month, 1 {_SOURCE}")
    + _upsert("leadership_leadrollup", "lead_rollup_key_unique", LEAD_COLUMNS,
              f"SELECT a.agency_id, s.year, {_figures('s')}, -1 {_OLD_LEADS}",
              f"SELECT a.agency_id, v.year, {_figures('v')}, 1 {_NEW_LEADS}")
    + _upsert("leadership_sectionrollup", "section_rollup_key_unique", SECTION_COLUMNS,
              f"SELECT s.document_id, s.section_id, s.year, -1 {_STATE}",
              f"SELECT v.document_id, v.section_id, v.year, 1 {_SOURCE}")
)

# 0003's refresh with the new tables kept before the state rows are replaced, and the state keeping the year.
_STATE_INSERT_0003 = f"""    INSERT INTO leadership_taskrollupstate (task_id, {KEY})
    SELECT v.task_id, {_key("v")} FROM leadership_rollup_source v JOIN unnest(ids) AS i(id) ON v.task_id = i.id;"""
_STATE_DELETE_0003 = "    DELETE FROM leadership_agencyrollupstate a USING unnest(ids) AS i(id) WHERE a.task_id = i.id;"
assert _STATE_INSERT_0003 in REFRESH_0003 and _STATE_DELETE_0003 in REFRESH_0003
REFRESH = REFRESH_0003.replace(_STATE_DELETE_0003, NEW_TABLES + "\n" + _STATE_DELETE_0003).replace(
    _STATE_INSERT_0003,
    f"""    INSERT INTO leadership_taskrollupstate (task_id, {KEY}, year)
    SELECT v.task_id, {_key("v")}, v.year FROM leadership_rollup_source v JOIN unnest(ids) AS i(id) ON v.task_id = i.id;""",
)

# 0003's rebuild, with the documents locked too (their year), the state keeping the year, the new tables filled.
_LOCK_0003 = "LOCK TABLE tasks_task, tasks_assignment, tasks_progressreport IN SHARE MODE;"
_TRUNCATE_0003 = "leadership_agencyrollupstate;"
_STATE_FILL_0003 = f"""INSERT INTO leadership_taskrollupstate (task_id, {KEY}) SELECT task_id, {KEY} FROM leadership_rollup_source;"""
assert all(part in REBUILD_0003 for part in (_LOCK_0003, _TRUNCATE_0003, _STATE_FILL_0003))
REBUILD = REBUILD_0003.replace(
    _LOCK_0003, "LOCK TABLE tasks_task, tasks_assignment, tasks_progressreport, documents_document IN SHARE MODE;",
).replace(
    _TRUNCATE_0003, "leadership_agencyrollupstate, leadership_yearrollup, leadership_leadrollup, leadership_sectionrollup;",
).replace(
    _STATE_FILL_0003,
    f"INSERT INTO leadership_taskrollupstate (task_id, {KEY}, year) SELECT task_id, {KEY}, year FROM leadership_rollup_source;",
).replace("\nEND\n$fn$;", f"""
    INSERT INTO leadership_yearrollup ({YEAR_COLUMNS}, n)
    SELECT {YEAR_COLUMNS}, count(*) FROM (
        SELECT s.year, {_figures("s")}, s.signed_off_month FROM leadership_taskrollupstate s
    ) x ({YEAR_COLUMNS}) GROUP BY {YEAR_COLUMNS};
    INSERT INTO leadership_leadrollup ({LEAD_COLUMNS}, n)
    SELECT {LEAD_COLUMNS}, count(*) FROM (
        SELECT a.agency_id, s.year, {_figures("s")}
        FROM leadership_agencyrollupstate a JOIN leadership_taskrollupstate s ON s.task_id = a.task_id WHERE a.is_lead
    ) x ({LEAD_COLUMNS}) GROUP BY {LEAD_COLUMNS};
    INSERT INTO leadership_sectionrollup ({SECTION_COLUMNS}, n)
    SELECT {SECTION_COLUMNS}, count(*) FROM leadership_taskrollupstate GROUP BY {SECTION_COLUMNS};
END
$fn$;""")
assert REBUILD.count("INSERT INTO") == 7

# A document's year moves its tasks between the rows of the year-keyed tables.
DOCUMENT_TRIGGER = """
CREATE OR REPLACE FUNCTION leadership_rollup_documents_document_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM leadership_rollup_refresh(ARRAY(
        SELECT t.id FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN tasks_task t ON t.document_id = n.id
        WHERE n.year IS DISTINCT FROM o.year));
    RETURN NULL;
END
$fn$;
CREATE TRIGGER leadership_rollup_update AFTER UPDATE ON documents_document
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leadership_rollup_documents_document_changed();
"""

# The dashboard's document table (leadership.rollups.page_documents): newest year first, then 文号 and title in
# code-point order, walked in index order up to the 200 shown rather than sorted out of every document.
# PostgreSQL only, as the query that reads it (SQLite has neither NULLS LAST in an index nor a "C" collation).
PAGE_ORDER_INDEX = """
CREATE INDEX IF NOT EXISTS document_page_order_idx ON documents_document
    (year DESC NULLS LAST, doc_number COLLATE "C", title COLLATE "C", id);
"""

_TABLES = ("taskrollup", "agencyrollup", "yearrollup", "leadrollup", "sectionrollup", "taskrollupstate",
           "agencyrollupstate")
# Refilled tables keep the planner's estimates of what they held before: analyse them at once.
ANALYZE = "".join(f"ANALYZE leadership_{table};" for table in _TABLES)
INSTALL = (SOURCE_VIEW + REFRESH + REBUILD + DOCUMENT_TRIGGER + PAGE_ORDER_INDEX + "SELECT leadership_rollup_rebuild();"
           + ANALYZE)

# Back to 0003: its view has no year column (a column cannot be dropped by CREATE OR REPLACE).
UNINSTALL = """
DROP INDEX IF EXISTS document_page_order_idx;
DROP TRIGGER IF EXISTS leadership_rollup_update ON documents_document;
DROP FUNCTION IF EXISTS leadership_rollup_documents_document_changed();
DROP VIEW IF EXISTS leadership_rollup_source;
""" + SOURCE_VIEW_0003 + REFRESH_0003 + REBUILD_0003 + "SELECT leadership_rollup_rebuild();"

__all__ = ["INSTALL", "UNINSTALL", "TZ"]
