"""The Excel export of 10,000 tasks, in a subprocess so its peak memory (RSS) is its own."""

import importlib.util

from .measure import Row, missing

EXPORT_TARGET = "< 10 s，峰值内存 < 500 MB"


def export_rows() -> list[Row]:
    label = "导出 10,000 项任务为 Excel"
    if importlib.util.find_spec("tasks.exports") is None:
        return [missing("export", label, EXPORT_TARGET, "tasks/exports.py 尚未提交")]
    return [missing("export", label, EXPORT_TARGET, "tasks/exports.py 的导出接口尚未接入压测")]
