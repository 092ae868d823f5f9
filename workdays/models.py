"""The office's own calendar entries. They win over the library, day by day."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

MIN_YEAR, MAX_YEAR = 1990, 2200


class CalendarDay(models.Model):
    """One day the office states is (or is not) a working day, e.g. a 2027 holiday from the State Council notice."""

    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日", help_text="勾选＝上班（如调休上班的周六）；不勾选＝放假")
    name = models.CharField("名称", max_length=60, blank=True, help_text="如：2027年元旦、春节调休上班")
    note = models.CharField("备注", max_length=200, blank=True, help_text="如：国办发明电〔2026〕×号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                name="calendarday_date_in_supported_years",
                condition=Q(date__gte=f"{MIN_YEAR}-01-01") & Q(date__lte=f"{MAX_YEAR}-12-31"),
            ),
        ]

    def __str__(self) -> str:
        kind = "上班" if self.is_working_day else "放假"
        return f"{self.date:%Y-%m-%d} {kind}{' · ' + self.name if self.name else ''}"


class CalendarYear(models.Model):
    """A year the office has finished entering.

    Why a separate row: an empty CalendarDay table cannot tell "no holidays entered yet" from "entered, none
    left". Only a year marked complete counts as covered by the office; until then its days without a row are
    counted Monday–Friday and the office sees a warning banner.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    complete = models.BooleanField("已全部录入", default=False, help_text="录入国务院办公厅当年节假日通知的全部放假和调休上班日期后勾选")
    note = models.CharField("依据/备注", max_length=200, blank=True, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度日历"
        verbose_name_plural = "年度日历"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="calendaryear_year_in_supported_range", condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年（{'已全部录入' if self.complete else '未完成'}）"


class WorkdayOrdinal(models.Model):
    """Working days counted from ORDINALS_FROM: the working days in (a, b] are ordinal(b) − ordinal(a).

    Why a table: 序时进度 compares working days from a task's assignment to today and to its deadline, for
    every task a list filters or a dashboard counts. With this table the database does that arithmetic
    (two indexed look-ups per task) instead of Python row by row. Derived data: rebuilt from the calendar
    (workdays.ordinals) after migrate and whenever the office changes a day.
    """

    date = models.DateField("日期", primary_key=True)
    ordinal = models.IntegerField("累计工作日")

    class Meta:
        verbose_name = "累计工作日"
        verbose_name_plural = "累计工作日"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} 第{self.ordinal}个工作日"
