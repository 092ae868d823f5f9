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
"""

from django.db import models

from tasks.choices import TaskStatus

_NO_CONSTRAINT = {"on_delete": models.DO_NOTHING, "db_constraint": False, "related_name": "+"}
KEY_FIELDS = ("document", "section", "status", "deadline", "assigned_on", "progress_percent", "report_month",
              "signed_off_month", "on_time")


class RollupKey(models.Model):
    """The inputs of every dashboard figure, with the field names Task has, so tasks/warnings.py's Q objects
    apply unchanged (assigned_day / deadline_day join the working-day ordinals as on Task)."""

    # No foreign-key constraints: a trigger deletes the counts after Django deleted the task's document.
    document = models.ForeignKey("documents.Document", **_NO_CONSTRAINT)
    section = models.ForeignKey("documents.Section", null=True, **_NO_CONSTRAINT)
    status = models.CharField(max_length=20, choices=TaskStatus.choices)
    deadline = models.DateField(null=True)
    assigned_on = models.DateField(null=True)  # only when progress is known and the task is open (序时进度)
    progress_percent = models.PositiveSmallIntegerField(null=True)  # open tasks only
    report_month = models.DateField(null=True)  # the latest month any agency reported for (open tasks)
    signed_off_month = models.DateField(null=True)  # in Asia/Shanghai, signed-off tasks only (trend)
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


class TaskRollupState(RollupKey):
    """The row each task is counted in (one per task; read only by the triggers)."""

    task_id = models.BigIntegerField(primary_key=True)

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
