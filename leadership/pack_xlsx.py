"""The 调度 pack's workbooks: the changes since a date, and the 考核 league table with its facts."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .changes import LIST_LABELS

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
WRAP = Alignment(wrap_text=True, vertical="top")
CHANGE_HEADERS = ["文件/文号", "任务编号", "任务内容", "牵头单位", "涉及单位", "日期", "情况"]


def _sheet(wb: Workbook, title: str, headers: list[str], widths: list[int]):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for index, cell in enumerate(ws[1]):
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = widths[index] if index < len(widths) else 12
    ws.freeze_panes = "A2"
    return ws


def _detail(item: dict) -> str:
    if "to_label" in item:
        return f"{item['from_label']}→{item['to_label']}"
    return "：".join(p for p in (item.get("kind_label", ""), item.get("message", "")) if p)


def _finish(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def changes_workbook(changes: dict) -> bytes:
    """汇总 (per document, per agency) then one sheet per list, each line a task as on the page."""
    wb = Workbook()
    wb.remove(wb.active)
    names = list(LIST_LABELS)
    summary = _sheet(wb, "汇总", ["类别", "名称", *LIST_LABELS.values()], [8, 36] + [11] * len(names))
    summary.append(["起始日期", changes["since"].isoformat(), "统计日期", changes["today"].isoformat()])
    for kind, groups in (("文件", changes["by_document"]), ("单位", changes["by_agency"])):
        for group in groups:
            summary.append([kind, group["name"], *(group[n] for n in names)])
    for name, label in LIST_LABELS.items():
        ws = _sheet(wb, label.replace("/", "、"), CHANGE_HEADERS, [30, 9, 60, 20, 20, 12, 40])
        for item in changes["lists"][name]:
            ws.append([item["doc_number"] or item["document"], item["number"], item["text"], item["leads"],
                       item["agencies"], item.get("date"), _detail(item)])
            ws.cell(ws.max_row, 3).alignment = WRAP
            if item.get("date"):
                ws.cell(ws.max_row, 6).number_format = "yyyy-mm-dd"
        if changes["totals"][name] > len(changes["lists"][name]):
            ws.append([f"共 {changes['totals'][name]} 项，此处列出前 {len(changes['lists'][name])} 项"])
    return _finish(wb)


def scores_workbook(scores: dict) -> bytes:
    """得分 (the league table, facts and points per kind) and 明细 (every line behind every point)."""
    wb = Workbook()
    wb.remove(wb.active)
    kinds = scores["fact_kinds"]
    headers = ["名次", "单位", "得分", *(f"{label}（项/分）" for label in kinds.values())]
    league = _sheet(wb, "得分", headers, [6, 24, 8] + [16] * len(kinds))
    for agency in scores["agencies"]:
        league.append([agency["rank"], agency["name"], agency["score"],
                       *(f"{agency['facts'][k]}/{agency['points'][k]}" for k in kinds)])
    lines = _sheet(wb, "明细", ["单位", "文号", "任务编号", "任务内容", "时间", "事实", "分值"], [20, 24, 9, 50, 18, 24, 8])
    for agency in scores["agencies"]:
        for line in agency["lines"] or []:
            lines.append([agency["name"], line["doc_number"], line["task_number"], line["task_text"],
                          line["time"].strftime("%Y-%m-%d %H:%M"), line["fact"], line["points"]])
            lines.cell(lines.max_row, 4).alignment = WRAP
    return _finish(wb)
