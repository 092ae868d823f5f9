"""Relative, recurring and ongoing time limits: read from the printed text, resolved with the workdays calendar,
and saved by the importer."""

import datetime

import pytest

from importing.services import document_import, document_preview
from tasks.choices import DeadlineKind, Recurrence
from tasks.deadlines import DeadlineRule, chinese_number, deadline_rule, resolve_deadline
from tasks.models import Task
from tasks.warnings import warning_context, warning_q
from tests import factories

D = datetime.date


@pytest.mark.parametrize(("text", "expected"), [
    ("10个工作日内", DeadlineRule(DeadlineKind.WORKING_DAYS, 10)),
    ("交办后十五个工作日内完成", DeadlineRule(DeadlineKind.WORKING_DAYS, 15)),
    ("收到后15日内", DeadlineRule(DeadlineKind.CALENDAR_DAYS, 15)),
    ("自收到之日起三十日内报送", DeadlineRule(DeadlineKind.CALENDAR_DAYS, 30)),
    ("每月5日前", DeadlineRule(DeadlineKind.RECURRING, 5, Recurrence.MONTHLY)),
    ("每季度报送", DeadlineRule(DeadlineKind.RECURRING, None, Recurrence.QUARTERLY)),
    ("持续推进", DeadlineRule(DeadlineKind.ONGOING)),
    ("长期坚持", DeadlineRule(DeadlineKind.ONGOING)),
    ("常态化开展", DeadlineRule(DeadlineKind.ONGOING)),
    ("", DeadlineRule(DeadlineKind.NONE)),
])
def test_rules_read_from_the_printed_text(text, expected):
    assert deadline_rule(text) == expected


def test_a_printed_date_wins_over_words_and_the_parser_kind_fills_the_rest():
    assert deadline_rule("2021年底前，长期坚持", has_date=True) == DeadlineRule(DeadlineKind.DATE)
    # The parser's vocabulary (documents/parsing/deadline_kinds.py): a kind and a string value.
    assert deadline_rule("", parser_kind="relative", parser_value="workdays:5") == DeadlineRule(
        DeadlineKind.WORKING_DAYS, 5)
    assert deadline_rule("", parser_kind="relative", parser_value="weeks:2") == DeadlineRule(
        DeadlineKind.CALENDAR_DAYS, 14)
    assert deadline_rule("", parser_kind="recurring", parser_value="monthly:5") == DeadlineRule(
        DeadlineKind.RECURRING, 5, Recurrence.MONTHLY)
    assert deadline_rule("", parser_kind="recurring", parser_value="quarterly") == DeadlineRule(
        DeadlineKind.RECURRING, None, Recurrence.QUARTERLY)
    assert deadline_rule("", parser_kind="ongoing").kind == DeadlineKind.ONGOING
    assert deadline_rule("", parser_kind="relative", parser_value="months:3").kind == DeadlineKind.NONE
    assert deadline_rule("", parser_kind="unknown").kind == DeadlineKind.NONE


@pytest.mark.parametrize(("text", "value"), [("十", 10), ("十五", 15), ("二十", 20), ("三十五", 35), ("一百", 100),
                                             ("两", 2), ("7", 7)])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


@pytest.mark.django_db
def test_relative_limits_count_working_days_and_roll_off_holidays():
    # Assigned Wednesday 2026-09-30: the 3rd working day after skips National Day (10-01…07): 10-10 (调休 Saturday).
    assert resolve_deadline(DeadlineRule(DeadlineKind.WORKING_DAYS, 3), assigned_on=D(2026, 9, 30),
                            printed=None) == D(2026, 10, 10)
    # 收到后1日内 from 09-30 is 10-01, a holiday: moved to the next working day.
    assert resolve_deadline(DeadlineRule(DeadlineKind.CALENDAR_DAYS, 1), assigned_on=D(2026, 9, 30),
                            printed=None) == D(2026, 10, 8)
    assert resolve_deadline(DeadlineRule(DeadlineKind.ONGOING), assigned_on=D(2026, 9, 30),
                            printed=D(2026, 12, 31)) is None
    assert resolve_deadline(DeadlineRule(DeadlineKind.DATE), assigned_on=D(2026, 9, 30),
                            printed=D(2026, 12, 31)) == D(2026, 12, 31)


PLAN = """湖南省2026年政务服务改革重点任务分工方案

一、优化服务
1. 建立企业诉求直达机制。（牵头单位：省政务局；完成时限：10个工作日内）
2. 推进政务服务“一网通办”。（牵头单位：省政务局；完成时限：持续推进）
3. 报送改革进展。（牵头单位：省政务局；完成时限：每月5日前）
4. 出台配套文件。（牵头单位：省政务局；完成时限：2026年12月底前）
"""


@pytest.mark.django_db
def test_import_stores_rules_and_resolves_relative_deadlines(office_user, time_machine):
    time_machine.move_to(datetime.datetime(2026, 9, 30, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    factories.AgencyFactory(name="省政务局")
    preview = document_preview(data=PLAN.encode(), filename="plan.txt")
    document_import(parsed=preview.parsed, user=office_user, original_text=preview.original_text,
                    source_filename="plan.txt")
    tasks = {t.number: t for t in Task.objects.all()}
    assert (tasks["1"].deadline_kind, tasks["1"].deadline_value, tasks["1"].assigned_on) == (
        DeadlineKind.WORKING_DAYS, 10, D(2026, 9, 30))
    # 10 working days from 09-30: 10-08, 09, 10 (Sat, 调休), 12–16, 19, 20.
    assert tasks["1"].deadline == D(2026, 10, 20) and not tasks["1"].deadline_inferred
    assert (tasks["2"].deadline_kind, tasks["2"].deadline) == (DeadlineKind.ONGOING, None)
    assert (tasks["3"].deadline_kind, tasks["3"].deadline_value, tasks["3"].recurrence) == (
        DeadlineKind.RECURRING, 5, Recurrence.MONTHLY)
    assert (tasks["4"].deadline_kind, tasks["4"].deadline) == (DeadlineKind.DATE, D(2026, 12, 31))
    # Ongoing tasks never turn red, however late it gets.
    late = warning_context(D(2030, 1, 1))
    assert tasks["2"].pk not in set(Task.objects.filter(warning_q("red", late)).values_list("pk", flat=True))


def test_the_time_limit_of_a_clause_is_found_when_the_parser_kept_none():
    from tasks.deadlines import printed_time_limit

    assert printed_time_limit("建立机制。（牵头单位：省政务局；完成时限：10个工作日内）") == "10个工作日内"
    assert printed_time_limit("建立机制。") == ""
