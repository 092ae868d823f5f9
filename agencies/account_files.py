"""Rows of an accounts file (.csv or .xlsx) as dicts keyed by the header row, for accounts.accounts_check."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from .accounts import AccountError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into Excel comes back as 13800000000.0
    return str(value).strip()


def _decode(data: bytes) -> str:
    # Excel in China saves "CSV" as GB18030 (GBK) unless told UTF-8; both are common.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AccountError(["无法识别文件编码，请将 CSV 另存为 UTF-8 编码，或直接上传 .xlsx 文件。"])


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise AccountError([f"无法读取 Excel 文件：{exc}。请确认是 .xlsx 格式（不是 .xls）。"]) from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        book.close()


def read_account_rows(name: str, data: bytes) -> list[dict[str, str]]:
    """Parse the whole file first; a file that cannot be read raises AccountError and nothing is checked."""
    if not data:
        raise AccountError(["文件是空的。"])
    if len(data) > MAX_BYTES:
        raise AccountError([f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分批导入。"])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif lower.endswith(".csv"):
        table = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(_decode(data)))]
    else:
        raise AccountError(["只支持 .xlsx 和 .csv 文件。"])
    if not table or not any(table[0]):
        raise AccountError(["第 1 行应为表头（用户名、角色、单位、姓名、电话、邮箱、密码）。"])
    if len(table) - 1 > MAX_ROWS:
        raise AccountError([f"一次最多导入 {MAX_ROWS} 个账号，请分批导入。"])
    header = table[0]
    if "username" not in header and "用户名" not in header and "账号" not in header:
        raise AccountError(["表头缺少“用户名”列（第 1 行应为：用户名、角色、单位、姓名、电话、邮箱、密码）。"])
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in table[1:]]
