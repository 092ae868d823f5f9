import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from agencies.models import Agency

User = get_user_model()
PASSWORD = "Xq7-quiet-harbor"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_agencies_prints_counts(db):
    first = run("load_agencies")
    total = Agency.objects.count()
    assert total > 140 and f"新建 {total}，更新 0，未变 0" in first
    assert f"新建 0，更新 0，未变 {Agency.objects.count()}" in run("load_agencies")


def test_create_demo_accounts_is_idempotent(db):
    first = run("create_demo_accounts")
    assert "zwj_liaison" in first and "demo12345" in first and "新建" in first
    users = User.objects.count()
    second = run("create_demo_accounts")
    assert User.objects.count() == users >= 8
    assert "新建" not in second and "已存在" in second
    liaison = User.objects.get(username="xxsp_liaison")
    assert liaison.profile.agency.name == "湘西土家族苗族自治州行政审批服务局"
    assert liaison.check_password("demo12345")


@override_settings(PRODUCTION=True)
def test_create_demo_accounts_refused_in_production(db):
    with pytest.raises(CommandError, match="生产模式下禁止创建演示账号"):
        run("create_demo_accounts")
    assert not User.objects.exists()


def test_create_account_with_password_file(loaded, tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    output = run("create_account", "sft_head", "--role", "head", "--agency", "省司法厅", "--password-file", str(secret))
    assert "已创建账号 sft_head" in output
    user = User.objects.get(username="sft_head")
    assert user.check_password(PASSWORD) and user.profile.agency.name == "湖南省司法厅"


def test_create_account_refuses_unknown_agency(loaded, tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    with pytest.raises(CommandError, match="找不到单位“火星局”"):
        run("create_account", "x", "--role", "liaison", "--agency", "火星局", "--password-file", str(secret))
    assert not User.objects.exists()


def test_create_account_without_tty_or_file_is_refused(loaded, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password-file"):
        run("create_account", "x", "--role", "leader")


def _write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "role", "agency", "email"])
        writer.writerows(rows)


def test_import_accounts_writes_generated_passwords(loaded, tmp_path):
    source = tmp_path / "accounts.csv"
    _write_csv(source, [["fgw1", "liaison", "省发展改革委", "fgw1@hunan.gov.cn"], ["boss", "leader", "", ""]])
    assert "已创建 2 个账号" in run("import_accounts", str(source))
    result = tmp_path / "accounts.passwords.csv"
    assert oct(result.stat().st_mode & 0o777) == "0o600"
    with result.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["username"] for r in rows] == ["fgw1", "boss"]
    assert rows[0]["agency"] == "湖南省发展和改革委员会"
    for row in rows:
        assert User.objects.get(username=row["username"]).check_password(row["password"])


def test_import_accounts_with_a_bad_row_creates_nothing(loaded, tmp_path):
    source = tmp_path / "accounts.csv"
    _write_csv(source, [["ok1", "liaison", "省政务局", ""], ["bad", "liaison", "火星局", ""]])
    with pytest.raises(CommandError, match="第 3 行：找不到单位“火星局”"):
        run("import_accounts", str(source))
    assert not User.objects.exists()
    assert not (tmp_path / "accounts.passwords.csv").exists()


def test_import_accounts_password_file_cannot_carry_formulas(loaded, tmp_path):
    """The initial passwords file is opened in Excel: names, agencies and e-mails from the office's file
    and registry are written so that none of them is evaluated."""
    Agency.objects.create(name="=HYPERLINK(1)办", short_name="")
    source = tmp_path / "accounts.csv"
    _write_csv(source, [["@sum", "liaison", "=HYPERLINK(1)办", "-x@hunan.gov.cn"]])
    run("import_accounts", str(source))
    with (tmp_path / "accounts.passwords.csv").open(encoding="utf-8-sig") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["username"], row["agency"], row["email"]) == ("'@sum", "'=HYPERLINK(1)办", "'-x@hunan.gov.cn")
    assert User.objects.get(username="@sum").check_password(row["password"])


def test_import_accounts_refuses_a_password_a_spreadsheet_would_evaluate(loaded, tmp_path):
    source = tmp_path / "accounts.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["username", "role", "agency", "password"],
                                      ["fgw9", "liaison", "省发展改革委", "=Xk29!pq7Lm"]])
    with pytest.raises(CommandError, match="密码不能以 = \\+ - @ 开头"):
        run("import_accounts", str(source))
    assert not User.objects.filter(username="fgw9").exists()


def test_generated_passwords_never_start_like_a_formula(monkeypatch):
    """token_urlsafe starts with "-" once in 64 draws; such a password would be refused by the import itself."""
    from agencies import accounts

    draws = iter(["-dash1234567", "=eq12345678x", "Good1234567x"])
    monkeypatch.setattr(accounts.secrets, "token_urlsafe", lambda _n: next(draws))
    assert accounts.generated_password() == "Good1234567x"
