"""Dashboard rollups (issue 19): tasks counted per combination of what the dashboard's figures test.

The counts are kept by PostgreSQL triggers (leadership/rollup_sql.py) in the same transaction as every
change to a task, an assignment or a progress report, whatever makes it: services, the admin, bulk
update(), COPY, deletes. Nothing in Python writes these tables except the rebuild (leadership/rollups.py).

Time-dependent figures (逾期, 临期, 序时进度 yellow/orange, 本月未报送) cannot be stored: a row keeps the
inputs of those tests instead (status, deadline, assignment day, progress, latest report month), so the
dashboard evaluates the same Q objects as on tasks (tasks/warnings.py) over a number of rows bounded by
documents × distinct dates, not by tasks. Inputs a figure cannot need are blanked (a signed-off task's
progress, the assignment day of a task without progress), so that rows merge.

The *State tables remember which row each task (and each of its assignments) is counted in, so that a
trigger can take the task out of its old row without recomputing anything else.

Three tables carry no document (migration 0004), so that the unfiltered dashboard reads rows bounded by
years × dates × statuses (YearRollup), agencies × years × dates (LeadRollup) and sections (SectionRollup),
not by tasks: TaskRollup, keyed by section, is then read only for the documents the page shows. In the two
document-free tables a signed-off task's deadline is only "has one" (ROLLUP_DEADLINE_PAST): no figure of a
signed-off task looks at the date (its 按时 is `on_time`), and the signed-off tasks of five years then merge.
"""

import datetime

from django.db import models

from tasks.choices import TaskStatus

_NO_CONSTRAINT = {"on_delete": models.DO_NOTHING, "db_constraint": False, "related_name": "+"}
KEY_FIELDS = ("document", "section", "status", "deadline", "assigned_on", "progress_percent", "report_month",
              "signed_off_month", "on_time")
FIGURE_FIELDS = ("status", "deadline", "assigned_on", "progress_percent", "report_month", "on_time")
YEAR_KEY_FIELDS = ("year", *FIGURE_FIELDS, "signed_off_month")
LEAD_KEY_FIELDS = ("agency", "year", *FIGURE_FIELDS)
# The deadline a document-free row gives a signed-off task that had one (the SQL says the same: _rollup_sql_0004).
ROLLUP_DEADLINE_PAST = datetime.date(1900, 1, 1)


class FigureKey(models.Model):
    """The inputs of every dashboard figure, with the field names Task has, so tasks/warnings.py's Q objects
    apply unchanged (assigned_day / deadline_day join the working-day ordinals as on Task)."""

    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    deadline = models.DateField(null=True)
    assigned_on = models.DateField(null=True)  # only when progress is known and the task is open (序时进度)
    progress_percent = models.PositiveSmallIntegerField(null=True)  # open tasks only
    report_month = models.DateField(null=True)  # the latest month any agency reported for (open tasks)
    on_time = models.BooleanField(default=False)  # signed off no later than the deadline (Asia/Shanghai day)
    assigned_day = models.ForeignObject(
        "workdays.WorkdayOrdinal", on_delete=models.DO_NOTHING, from_fields=["assigned_on"], to_fields=["date"],
        related_name="+", null=True,
    )
    deadline_day = models.ForeignObject(
        "workdays.WorkdayOrdinal", on_delete=models.DO_NOTHING, from_fields=["deadline"], to_fields=["date"],
        related_name="+", null=True,
    )

    class Meta:
        abstract = True


class RollupKey(FigureKey):
    """FigureKey per document and section, with the sign-off month (the trend)."""

    # No foreign-key constraints: a trigger deletes the counts after Django deleted the task's document.
    document = models.ForeignKey("documents.Document", **_NO_CONSTRAINT)
    section = models.ForeignKey("documents.Section", null=True, **_NO_CONSTRAINT)
    signed_off_month = models.DateField(null=True)  # in Asia/Shanghai, signed-off tasks only (trend)

    class Meta:
        abstract = True


class TaskRollup(RollupKey):
    """How many tasks (sub-tasks included, as the dashboard counts them) share these inputs."""

    n = models.IntegerField("任务数")

    class Meta:
        verbose_name = "驾驶舱汇总（任务）"
        verbose_name_plural = verbose_name
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=KEY_FIELDS, nulls_distinct=False, name="task_rollup_key_unique"),
        ]

    def __str__(self) -> str:
        return f"文件{self.document_id} {self.status} {self.deadline}：{self.n} 项"


class AgencyRollup(RollupKey):
    """The same per agency and role (牵头 or not): the league table and the agency filter."""

    agency = models.ForeignKey("agencies.Agency", **_NO_CONSTRAINT)
    is_lead = models.BooleanField()
    n = models.IntegerField("任务数")

    class Meta:
        verbose_name = "驾驶舱汇总（单位）"
        verbose_name_plural = verbose_name
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=("agency", "is_lead", *KEY_FIELDS), nulls_distinct=False,
                                    name="agency_rollup_key_unique"),
        ]

    def __str__(self) -> str:
        return f"单位{self.agency_id} 文件{self.document_id} {self.status} {self.deadline}：{self.n} 项"


class YearRollup(FigureKey):
    """Tasks per year of their document and figure inputs: the unfiltered (or year-filtered) totals and trend."""

    year = models.PositiveSmallIntegerField(null=True)
    signed_off_month = models.DateField(null=True)
    n = models.IntegerField("任务数")

    class Meta:
        verbose_name = "驾驶舱汇总（年度）"
        verbose_name_plural = verbose_name
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=YEAR_KEY_FIELDS, nulls_distinct=False, name="year_rollup_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.status} {self.deadline}：{self.n} 项"


class LeadRollup(FigureKey):
    """Tasks per lead agency (牵头), year and figure inputs: the league table of the unfiltered dashboard."""

    agency = models.ForeignKey("agencies.Agency", db_index=False, **_NO_CONSTRAINT)  # the key's unique index starts with it
    year = models.PositiveSmallIntegerField(null=True)
    n = models.IntegerField("任务数")

    class Meta:
        verbose_name = "驾驶舱汇总（牵头单位）"
        verbose_name_plural = verbose_name
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=LEAD_KEY_FIELDS, nulls_distinct=False, name="lead_rollup_key_unique"),
        ]

    def __str__(self) -> str:
        return f"单位{self.agency_id} {self.year}年 {self.status}：{self.n} 项"


class SectionRollup(models.Model):
    """Tasks per section (None: a document's tasks outside any section): which documents and sections have
    tasks, counted without reading TaskRollup's rows, and the first ones in the page's order."""

    document = models.ForeignKey("documents.Document", db_index=False, **_NO_CONSTRAINT)  # the key's unique index starts with it
    section = models.ForeignKey("documents.Section", null=True, db_index=False, **_NO_CONSTRAINT)  # never looked up alone
    year = models.PositiveSmallIntegerField(null=True)
    n = models.IntegerField("任务数")

    class Meta:
        verbose_name = "驾驶舱汇总（部分）"
        verbose_name_plural = verbose_name
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=("document", "section", "year"), nulls_distinct=False,
                                    name="section_rollup_key_unique"),
        ]
        indexes = [models.Index(fields=("year", "document"), name="section_rollup_year_idx")]

    def __str__(self) -> str:
        return f"文件{self.document_id} 部分{self.section_id}：{self.n} 项"


class TaskRollupState(RollupKey):
    """The row each task is counted in (one per task; read only by the triggers)."""

    task_id = models.BigIntegerField(primary_key=True)
    year = models.PositiveSmallIntegerField(null=True)  # its document's, when counted (a document's year can change)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"任务{self.task_id}"


class AgencyRollupState(models.Model):
    """The agencies each task is counted under in AgencyRollup (one per assignment)."""

    task_id = models.BigIntegerField()
    agency_id = models.BigIntegerField()
    is_lead = models.BooleanField()

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=("task_id", "agency_id"), name="agency_rollup_state_unique")]

    def __str__(self) -> str:
        return f"任务{self.task_id} 单位{self.agency_id}"
