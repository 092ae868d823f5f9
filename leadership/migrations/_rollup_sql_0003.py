"""The SQL of migration 0003 (a module the migration loader skips: its name starts with "_").

A migration keeps its own copy: a later change to the rollups is a new migration with new SQL.

Design (see leadership/rollup_models.py for what the rows mean):
- `leadership_rollup_source` is the one definition of a task's key; the triggers and the rebuild both
  read it, so a rebuild gives exactly what the triggers keep.
- The triggers are per statement with transition tables: one UPDATE of 100,000 tasks (or a COPY) is one
  set-based refresh, not 100,000 function calls.
- `leadership_rollup_refresh(ids)` locks the tasks (FOR NO KEY UPDATE: FK checks still pass), then applies
  old-row −1 / new-row +1 as ONE insert-or-add ordered by key, so two transactions moving tasks between
  the same rows take the row locks in the same order (no deadlock), and rows that reach 0 are deleted.
"""

TZ = "Asia/Shanghai"  # settings.TIME_ZONE when this migration was written: months and days as the page shows them
KEY = "document_id, section_id, status, deadline, assigned_on, progress_percent, report_month, signed_off_month, on_time"


def _key(alias: str) -> str:
    return ", ".join(f"{alias}.{col.strip()}" for col in KEY.split(","))


SOURCE_VIEW = f"""
CREATE OR REPLACE VIEW leadership_rollup_source AS
SELECT t.id AS task_id, t.document_id, t.section_id, t.status, t.deadline,
       CASE WHEN t.status <> 'signed_off' AND t.progress_percent IS NOT NULL THEN t.assigned_on END AS assigned_on,
       CASE WHEN t.status <> 'signed_off' THEN t.progress_percent END AS progress_percent,
       CASE WHEN t.status <> 'signed_off'
            -- "+ 0" keeps PostgreSQL from answering max() by walking the (period, task) index backwards until
            -- this task turns up (1 ms a task); the (task, agency, period) index then gives the few rows.
            THEN (SELECT max(r.period + 0) FROM tasks_progressreport r WHERE r.task_id = t.id
                  -- a draft awaiting its head (or returned by it) has not been reported: tasks.choices
                  AND r.status NOT IN ('pending_head', 'returned_by_head')) END AS report_month,
       CASE WHEN t.status = 'signed_off'
            THEN date_trunc('month', t.signed_off_at AT TIME ZONE '{TZ}')::date END AS signed_off_month,
       COALESCE(t.status = 'signed_off' AND (t.signed_off_at AT TIME ZONE '{TZ}')::date <= t.deadline, false)
           AS on_time
FROM tasks_task t;
"""

REFRESH = f"""
CREATE OR REPLACE FUNCTION leadership_rollup_refresh(task_ids bigint[]) RETURNS void
-- JIT compiles each statement for ~150 ms whenever a plan looks big: more than the work itself.
LANGUAGE plpgsql SET jit = off AS $fn$
DECLARE
    ids bigint[];
    zero bigint[];
BEGIN
    ids := ARRAY(SELECT DISTINCT x FROM unnest(task_ids) AS u(x) WHERE x IS NOT NULL ORDER BY x);
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- A report and an edit of the same task in two transactions: the second waits here, then recounts
    -- (each statement below takes a fresh snapshot under READ COMMITTED).
    PERFORM 1 FROM tasks_task t JOIN unnest(ids) AS i(id) ON t.id = i.id ORDER BY t.id FOR NO KEY UPDATE OF t;

    WITH delta AS (
        SELECT agency_id, is_lead, {KEY}, sum(d)::int AS n FROM (
            SELECT a.agency_id, a.is_lead, {_key("s")}, -1 AS d
            FROM leadership_agencyrollupstate a
            JOIN unnest(ids) AS i(id) ON a.task_id = i.id
            JOIN leadership_taskrollupstate s ON s.task_id = a.task_id
            UNION ALL
            SELECT a.agency_id, a.role = 'lead', {_key("v")}, 1
            FROM tasks_assignment a
            JOIN unnest(ids) AS i(id) ON a.task_id = i.id
            JOIN leadership_rollup_source v ON v.task_id = a.task_id
        ) x GROUP BY agency_id, is_lead, {KEY} HAVING sum(d) <> 0
    ), up AS (
        INSERT INTO leadership_agencyrollup (agency_id, is_lead, {KEY}, n)
        SELECT agency_id, is_lead, {KEY}, n FROM delta ORDER BY agency_id, is_lead, {KEY}
        ON CONFLICT ON CONSTRAINT agency_rollup_key_unique
        DO UPDATE SET n = leadership_agencyrollup.n + EXCLUDED.n
        RETURNING id, n
    ) SELECT array_agg(id) FILTER (WHERE n = 0) INTO zero FROM up;
    DELETE FROM leadership_agencyrollup WHERE id = ANY(zero) AND n = 0;

    WITH delta AS (
        SELECT {KEY}, sum(d)::int AS n FROM (
            SELECT {_key("s")}, -1 AS d
            FROM leadership_taskrollupstate s JOIN unnest(ids) AS i(id) ON s.task_id = i.id
            UNION ALL
            SELECT {_key("v")}, 1
            FROM leadership_rollup_source v JOIN unnest(ids) AS i(id) ON v.task_id = i.id
        ) x GROUP BY {KEY} HAVING sum(d) <> 0
    ), up AS (
        INSERT INTO leadership_taskrollup ({KEY}, n)
        SELECT {KEY}, n FROM delta ORDER BY {KEY}
        ON CONFLICT ON CONSTRAINT task_rollup_key_unique
        DO UPDATE SET n = leadership_taskrollup.n + EXCLUDED.n
        RETURNING id, n
    ) SELECT array_agg(id) FILTER (WHERE n = 0) INTO zero FROM up;
    DELETE FROM leadership_taskrollup WHERE id = ANY(zero) AND n = 0;

    DELETE FROM leadership_agencyrollupstate a USING unnest(ids) AS i(id) WHERE a.task_id = i.id;
    DELETE FROM leadership_taskrollupstate s USING unnest(ids) AS i(id) WHERE s.task_id = i.id;
    INSERT INTO leadership_taskrollupstate (task_id, {KEY})
    SELECT v.task_id, {_key("v")} FROM leadership_rollup_source v JOIN unnest(ids) AS i(id) ON v.task_id = i.id;
    INSERT INTO leadership_agencyrollupstate (task_id, agency_id, is_lead)
    SELECT a.task_id, a.agency_id, a.role = 'lead' FROM tasks_assignment a JOIN unnest(ids) AS i(id) ON a.task_id = i.id;
END
$fn$;
"""

REBUILD = f"""
CREATE OR REPLACE FUNCTION leadership_rollup_rebuild() RETURNS void
-- JIT compiles each statement for ~150 ms whenever a plan looks big: more than the work itself.
LANGUAGE plpgsql SET jit = off AS $fn$
BEGIN
    -- Writers wait for the rebuild (SHARE blocks writes, not reads); it then matches the tables exactly.
    LOCK TABLE tasks_task, tasks_assignment, tasks_progressreport IN SHARE MODE;
    TRUNCATE leadership_taskrollup, leadership_agencyrollup, leadership_taskrollupstate,
             leadership_agencyrollupstate;
    INSERT INTO leadership_taskrollupstate (task_id, {KEY}) SELECT task_id, {KEY} FROM leadership_rollup_source;
    INSERT INTO leadership_agencyrollupstate (task_id, agency_id, is_lead)
    SELECT task_id, agency_id, role = 'lead' FROM tasks_assignment;
    INSERT INTO leadership_taskrollup ({KEY}, n)
    SELECT {KEY}, count(*) FROM leadership_taskrollupstate GROUP BY {KEY};
    INSERT INTO leadership_agencyrollup (agency_id, is_lead, {KEY}, n)
    SELECT a.agency_id, a.is_lead, {_key("s")}, count(*)
    FROM leadership_agencyrollupstate a JOIN leadership_taskrollupstate s ON s.task_id = a.task_id
    GROUP BY a.agency_id, a.is_lead, {_key("s")};
END
$fn$;
"""

def _cols(alias: str, cols: str) -> str:
    return ", ".join(f"{alias}.{col.strip()}" for col in cols.split(","))


# Per table: the task ids a statement touched, on INSERT (new_rows), DELETE (old_rows) and UPDATE (both; only
# rows whose counted columns changed, so that an edit of a task's text or a report's content costs nothing).
def _changed(cols: str, ids: str) -> str:
    return (f"SELECT {ids} FROM new_rows n JOIN old_rows o ON o.id = n.id "
            f"WHERE ({_cols('n', cols)}) IS DISTINCT FROM ({_cols('o', cols)})")


_BOTH_TASKS = "unnest(ARRAY[n.task_id, o.task_id])"  # a row moved to another task changes both
TRIGGERED = {
    "tasks_task": ("id", _changed(
        "document_id, section_id, status, deadline, assigned_on, progress_percent, signed_off_at", "n.id")),
    "tasks_assignment": ("task_id", _changed("task_id, agency_id, role", _BOTH_TASKS)),
    "tasks_progressreport": ("task_id", _changed("task_id, period, status", _BOTH_TASKS)),  # a head approves
}


def _trigger_function(table: str) -> str:
    id_col, on_update = TRIGGERED[table]
    return f"""
CREATE OR REPLACE FUNCTION leadership_rollup_{table}_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM leadership_rollup_refresh(ARRAY(SELECT {id_col} FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM leadership_rollup_refresh(ARRAY(SELECT {id_col} FROM old_rows));
    ELSE
        PERFORM leadership_rollup_refresh(ARRAY({on_update}));
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER leadership_rollup_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_rollup_{table}_changed();
CREATE TRIGGER leadership_rollup_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION leadership_rollup_{table}_changed();
CREATE TRIGGER leadership_rollup_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION leadership_rollup_{table}_changed();
"""


INSTALL = SOURCE_VIEW + REFRESH + REBUILD + "".join(_trigger_function(t) for t in TRIGGERED) + \
    "SELECT leadership_rollup_rebuild();"

UNINSTALL = "".join(
    f"DROP TRIGGER IF EXISTS leadership_rollup_{op} ON {table};"
    for table in TRIGGERED for op in ("insert", "update", "delete")
) + "".join(f"DROP FUNCTION IF EXISTS leadership_rollup_{table}_changed();" for table in TRIGGERED) + """
DROP FUNCTION IF EXISTS leadership_rollup_rebuild();
DROP FUNCTION IF EXISTS leadership_rollup_refresh(bigint[]);
DROP VIEW IF EXISTS leadership_rollup_source;
"""
