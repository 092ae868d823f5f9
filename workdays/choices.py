from django.db import models


class YearStatus(models.TextChoices):
    """Where the days of a year that the office has not entered come from."""

    LIBRARY = "library", "国务院办公厅通知（内置日历库）"
    OFFICE = "office", "督查室录入（已确认完整）"
    WEEKDAYS_FALLBACK = "weekdays_fallback", "未录入，按周一至周五计算"


class DaySource(models.TextChoices):
    OFFICE = "office", "督查室录入"
    LIBRARY = "library", "内置日历库"
    WEEKDAYS = "weekdays", "按周一至周五"


class RelativeKind(models.TextChoices):
    WORKING_DAYS = "working_days", "N个工作日内"
    CALENDAR_DAYS = "calendar_days", "收到后N日内（自然日）"


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


class PeriodState(models.TextChoices):
    NOT_REPORTED = "not_reported", "未报"
    REPORTED = "reported", "已报"
    OVERDUE = "overdue", "逾期未报"
