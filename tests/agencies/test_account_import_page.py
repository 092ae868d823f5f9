"""The office imports accounts from .xlsx/.csv in the admin: a dry run per row, then all or nothing."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agencies.account_import import SESSION_KEY

User = get_user_model()
URL = "/admin/auth/user/import/"
HEADER = ["用户名", "角色", "单位", "姓名", "电话", "邮箱", "密码"]
PASSWORD = "Quiet-river-2026"


pytestmark = pytest.mark.usefixtures("fast_passwords")


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("账号.xlsx", buffer.getvalue())


def _csv(rows, encoding="utf-8-sig") -> SimpleUploadedFile:
    text = "\n".join(",".join(str(v) for v in row) for row in [HEADER, *rows])
    return SimpleUploadedFile("账号.csv", text.encode(encoding))


def test_dry_run_lists_each_row_with_its_problems_and_creates_nothing(office_client):
    before = User.objects.count()
    response = office_client.post(URL, {"file": _csv([
        ["li_lx", "联络员", "省政务局", "李联络", "13800000001", "", ""],
        ["bad", "联络员", "不存在的局", "", "", "", ""],
        ["li_lx", "领导", "省政务局", "", "", "not-mail", ""],
    ], encoding="gb18030")})  # Excel in China saves CSV as GBK
    page = response.content.decode()
    assert response.status_code == 200
    assert "将创建（自动生成密码）" in page and "李联络" in page
    assert "找不到单位“不存在的局”" in page
    assert "用户名“li_lx”与第 2 行重复。" in page and "邮箱地址无效：not-mail" in page
    assert "领导（只读）不属于具体单位" in page
    assert 'name="confirm"' not in page and "没有创建任何账号" in page
    assert User.objects.count() == before and SESSION_KEY not in office_client.session


def test_xlsx_preview_then_confirm_creates_every_account_with_names_and_passwords(office_client):
    response = office_client.post(URL, {"file": _xlsx([
        ["wang_lx", "liaison", "省司法厅", "王联络", 13800000002, "w@hunan.gov.cn", PASSWORD],
        ["zhao_fz", "单位负责人", "湖南省政务管理服务局", "赵负责", "", "", ""],
        [None, None, None, None, None, None, None],  # an empty row in the sheet is skipped
    ])})
    page = response.content.decode()
    assert "确认创建 2 个账号" in page and not User.objects.filter(username="wang_lx").exists()
    token = office_client.session[SESSION_KEY]["token"]
    response = office_client.post(URL, {"confirm": "1", "token": token})
    page = response.content.decode()
    assert "已创建 2 个账号" in page
    wang, zhao = User.objects.get(username="wang_lx"), User.objects.get(username="zhao_fz")
    assert (wang.first_name, wang.profile.phone, wang.profile.agency.short_name) == ("王联络", "13800000002", "省司法厅")
    assert zhao.profile.role == "head" and list(zhao.groups.values_list("name", flat=True)) == ["单位负责人"]
    assert authenticate(username="wang_lx", password=PASSWORD) == wang
    generated = page.split("赵负责")[1].split("<code>")[1].split("</code>")[0]
    assert authenticate(username="zhao_fz", password=generated) == zhao
    # The preview is used up: confirming again creates nothing.
    again = office_client.post(URL, {"confirm": "1", "token": token}).content.decode()
    assert "预览已失效" in again and User.objects.filter(username="zhao_fz").count() == 1


@pytest.mark.parametrize(("name", "body", "message"), [
    ("账号.xls", b"\xd0\xcf\x11\xe0", "只支持 .xlsx 和 .csv 文件"),
    ("账号.xlsx", b"not a zip", "无法读取 Excel 文件"),
    ("账号.csv", b"", "文件是空的"),
    ("账号.csv", "姓名,角色\n王,联络员\n".encode(), "表头缺少“用户名”列"),
])
def test_unreadable_files_get_a_chinese_error(office_client, name, body, message):
    before = User.objects.count()
    response = office_client.post(URL, {"file": SimpleUploadedFile(name, body)})
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_a_forged_token_creates_nothing(office_client):
    before = User.objects.count()
    response = office_client.post(URL, {"confirm": "1", "token": "forged"})
    assert "预览已失效" in response.content.decode() and User.objects.count() == before
