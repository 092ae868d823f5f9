"""`make bench` figures of the importer: parsing a 100-page PDF plan, and the preview page of a 300-task plan.

Both plans are generated here (fpdf2 with the system CJK font for the PDF), so the
figures need no fixture. The preview is measured through the real page (upload, then
GET /documents/import/<token>/ as an office user) inside a transaction that is rolled
back, so the bench database keeps nothing of it.
"""

import time
from pathlib import Path

from django.db import transaction
from django.test import Client

from .measure import Row, count_queries, missing, ms, percentile, time_calls, verdict

PDF_PAGES = 100
PREVIEW_TASKS = 300
PDF_TARGET, PREVIEW_TARGET = "< 5 s", "< 1 s"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
_SECTIONS = "一二三四五六七八九十"


def plan_text(tasks: int, lead: str, co: str, unknown: str | None = None, detail: int = 0) -> str:
    """A plan of numbered tasks in sections of 20, each with a clause and a deadline.

    detail: that many more sentences per task (a 100-page plan has long items, and fewer than 1,000)."""
    lines = [f"湖南省2030年压测{tasks}项重点任务分工方案"]
    for k in range(1, tasks + 1):
        if k % 20 == 1:
            lines.append(f"{_section(k // 20 + 1)}、第{k // 20 + 1}部分重点任务")
        units = f"{lead}牵头，{unknown if unknown and k % 50 == 0 else co}按职责分工负责"
        lines.append(f"{k}.推进第{k}项改革事项落地见效，完善配套制度和工作机制，加强督促检查和跟踪问效，"
                     + "统筹推进相关领域改革，及时总结推广典型经验做法。" * detail
                     + f"确保各项措施落到实处，2030年{k % 12 + 1}月底前完成。（{units}）")
    return "\n".join(lines) + "\n"


def _section(n: int) -> str:
    if n <= 10:
        return _SECTIONS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _SECTIONS[tens - 1]) + "十" + (_SECTIONS[ones - 1] if ones else "")


def pdf_plan(pages: int) -> tuple[bytes, int]:
    """(PDF bytes, tasks) of a plan printed over exactly `pages` A4 pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("wqy", "", str(CJK_FONT))
    pdf.set_font("wqy", size=11)
    pdf.add_page()
    lines = plan_text(1900, "省政务局", "省司法厅", detail=5).splitlines()  # more than 100 pages hold
    used = 0
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if pdf.page_no() > pages:
            break
        used += 1
    # Rebuild with the lines that fit, so the last page is not a stray one.
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("wqy", "", str(CJK_FONT))
    pdf.set_font("wqy", size=11)
    pdf.add_page()
    for line in lines[:used]:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    tasks = sum(1 for line in lines[:used] if line[:1].isdigit())
    return bytes(pdf.output()), tasks


def pdf_row() -> Row:
    label = f"解析 {PDF_PAGES} 页 PDF 方案"
    if not CJK_FONT.exists():
        return missing("import", label, PDF_TARGET, f"缺少中文字体 {CJK_FONT}（apt-get install fonts-wqy-zenhei）")
    from documents.parsing import parse_bytes

    data, tasks = pdf_plan(PDF_PAGES)
    parse_bytes(plan_text(5, "省政务局", "省司法厅").encode())  # OpenCC's dictionaries load outside the timing
    started = time.perf_counter()
    parsed = parse_bytes(data, "plan.pdf")
    seconds = time.perf_counter() - started
    ok = seconds < 5 and len(parsed.tasks) == tasks
    return Row("import", label, ms(seconds * 1000), PDF_TARGET, verdict(ok),
               {"seconds": round(seconds, 3), "pages": PDF_PAGES, "tasks": len(parsed.tasks), "bytes": len(data)},
               note=f"{len(parsed.tasks)} 项任务（应为 {tasks}），文件 {len(data) / 1e6:.1f} MB，含读取文字层与解析")


class _Rollback(Exception):
    pass


def preview_row(iterations: int) -> Row:
    """GET of the workbench page of a 300-task plan (parse, resolve, suggest, render), p50 of `iterations`."""
    from agencies.models import Agency

    label = f"导入预览页（{PREVIEW_TASKS} 项任务）"
    units = list(Agency.objects.filter(is_active=True).order_by("pk").values_list("name", flat=True)[:2])
    if len(units) < 2:
        return missing("import", label, PREVIEW_TARGET, "压测库中没有责任单位")
    outcome = {}
    try:
        with transaction.atomic():
            outcome = _measure_preview(units, iterations)
            raise _Rollback
    except _Rollback:
        pass
    p50 = percentile(outcome["samples"], 50)
    ok = p50 < 1000 and outcome["cards"] == PREVIEW_TASKS
    return Row("import", label, f"p50 {ms(p50)}，p95 {ms(percentile(outcome['samples'], 95))}", PREVIEW_TARGET,
               verdict(ok), {"p50_ms": round(p50, 1), "queries": outcome["queries"], "tasks": outcome["cards"],
                             "upload_ms": round(outcome["upload_ms"], 1)},
               note=f"{outcome['cards']} 项任务，{outcome['queries']} 条 SQL，含单位匹配、相似建议与渲染；"
                    f"解析在上传时完成并缓存（上传 {ms(outcome['upload_ms'])}）")


def _measure_preview(units: list[str], iterations: int) -> dict:
    from django.contrib.auth import get_user_model

    from agencies.choices import Role
    from agencies.models import UserProfile

    user = get_user_model().objects.create_user(username="bench_import_office", password=None)
    UserProfile.objects.create(user=user, role=Role.OFFICE)
    client = Client()
    client.force_login(user)
    text = plan_text(PREVIEW_TASKS, units[0], units[1], unknown="压测未登记单位")
    started = time.perf_counter()
    response = client.post("/documents/import/", {"text": text})  # parses once; the preview reuses it
    upload_ms = (time.perf_counter() - started) * 1000
    url = response["Location"]

    def get():
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        return page

    queries, page = count_queries(get)
    cards = page.content.decode().count('class="card mb-2 task-card')
    return {"samples": time_calls(get, iterations, warmup=1), "queries": queries, "cards": cards,
            "upload_ms": upload_ms}


def import_rows(iterations: int = 5) -> list[Row]:
    return [pdf_row(), preview_row(iterations)]
