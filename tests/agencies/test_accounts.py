import pytest
from django.contrib.auth import get_user_model

from agencies.choices import ROLE_GROUPS, Role
from agencies.models import UserProfile
from agencies.services import AccountError, account_create, accounts_import_csv

PASSWORD = "Xq7-quiet-harbor"
User = get_user_model()


@pytest.mark.parametrize(
    ("role", "agency_name", "agency_full_name", "is_staff"),
    [
        (Role.OFFICE, None, None, True),
        (Role.LEADER, "", None, False),
        (Role.LIAISON, "省政务局", "湖南省政务管理服务局", False),
        (Role.HEAD, "湖南省司法厅", "湖南省司法厅", False),
    ],
)
def test_account_create_for_each_role(loaded, role, agency_name, agency_full_name, is_staff):
    user = account_create(username="zhangsan", role=role, agency_name=agency_name, email="zs@hunan.gov.cn",
                          password=PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.email == "zs@hunan.gov.cn"
    assert user.is_staff is is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS[role]]
    assert user.profile.role == role
    assert (user.profile.agency.name if user.profile.agency else None) == agency_full_name


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": Role.LIAISON, "agency_name": "不存在的局"}, "找不到单位“不存在的局”"),
        ({"role": Role.HEAD}, "单位负责人必须填写所属单位"),
        ({"role": Role.LIAISON, "agency_name": "各市州人民政府"}, "是集合名称"),
        ({"role": Role.OFFICE, "agency_name": "省政务局"}, "不属于具体单位"),
        ({"role": "admin"}, "未知角色“admin”"),
        ({"role": Role.LEADER, "email": "not-an-address"}, "邮箱地址无效"),
        ({"role": Role.LEADER, "password": "123"}, "密码不符合要求"),
    ],
)
def test_account_create_refuses_bad_requests_and_creates_nothing(loaded, kwargs, message):
    kwargs = {"username": "lisi", "password": PASSWORD, **kwargs}
    with pytest.raises(AccountError, match=message):
        account_create(**kwargs)
    assert not User.objects.exists() and not UserProfile.objects.exists()


def test_account_create_refuses_taken_username(loaded):
    account_create(username="wangwu", role=Role.LEADER, password=PASSWORD)
    with pytest.raises(AccountError, match="用户名“wangwu”已存在"):
        account_create(username="wangwu", role=Role.OFFICE, password=PASSWORD)
    assert User.objects.count() == 1


def _row(username, role, agency="", email="", password=PASSWORD):
    return {"username": username, "role": role, "agency": agency, "email": email, "password": password}


def test_csv_import_creates_all_rows(loaded):
    rows = [
        _row("a_liaison", "liaison", "省发展改革委", "a@hunan.gov.cn"),
        {"用户名": "b_head", "角色": "单位负责人", "单位": "州发改委", "邮箱": "", "密码": PASSWORD},
        _row("c_office", "督查室"),
    ]
    users = accounts_import_csv(rows=rows)
    assert [u.username for u in users] == ["a_liaison", "b_head", "c_office"]
    assert users[1].profile.role == Role.HEAD
    assert users[1].profile.agency.name == "湘西土家族苗族自治州发展和改革委员会"
    assert users[2].is_staff


def test_csv_import_is_all_or_nothing_and_reports_every_bad_row(loaded):
    account_create(username="taken", role=Role.LEADER, password=PASSWORD)
    rows = [
        _row("good", "liaison", "省政务局"),
        _row("taken", "leader"),
        _row("bad_agency", "liaison", "火星局"),
        _row("good", "head", "省司法厅"),
        _row("bad_role", "boss", "土星局"),
        _row("bad_mail", "leader", email="@@"),
    ]
    with pytest.raises(AccountError) as excinfo:
        accounts_import_csv(rows=rows)
    message = str(excinfo.value)
    assert "没有创建任何账号" in message
    assert "第 3 行：用户名“taken”已存在" in message
    assert "第 4 行：找不到单位“火星局”" in message
    assert "第 5 行：用户名“good”与第 2 行重复" in message
    assert "第 6 行：未知角色“boss”" in message and "第 6 行：找不到单位“土星局”" in message
    assert "第 7 行：邮箱地址无效" in message
    assert not any(line.startswith("第 2 行") for line in message.splitlines())
    assert list(User.objects.values_list("username", flat=True)) == ["taken"]


def test_csv_import_of_nothing_is_refused(db):
    with pytest.raises(AccountError, match="没有账号"):
        accounts_import_csv(rows=[])
