"""Writes for user accounts: one account, a file of accounts (with a dry run), role changes.

A person's 姓名 is the user's first_name (last_name stays empty: Chinese names
are written whole), the phone is UserProfile.phone. Staff status and the role
group always follow the profile's role: office staff maintain data in the
admin, the other roles act only through the pages and API.
"""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from fangguanfu.cells import is_formula_like

from .choices import AGENCY_ROLES, ROLE_GROUPS, Role
from .models import Agency, UserProfile
from .resolve import Resolution, resolve_names


class AccountError(ValueError):
    """An account request that cannot be carried out; the message is for the user (Chinese)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# Roles may be written as their code, their label or their group name (files are filled in by hand).
_ROLE_BY_TEXT = {text: role for role in Role for text in (role.value, role.label, ROLE_GROUPS[role])}
# Column headers in English or Chinese.
COLUMNS = {
    "username": ("username", "用户名", "账号"),
    "role": ("role", "角色"),
    "agency": ("agency", "单位", "所属单位"),
    "full_name": ("name", "full_name", "姓名"),
    "phone": ("phone", "电话", "手机", "联系电话"),
    "email": ("email", "邮箱"),
    "password": ("password", "密码"),
}


def generated_password() -> str:
    """12 URL-safe characters ≈ 72 bits: strong, and still typeable from a printed sheet.

    Never one starting with "-" (the URL-safe alphabet has it, 1 in 64): the passwords go out in a .csv
    that Excel would evaluate, and account_check refuses such a password.
    """
    while True:
        password = secrets.token_urlsafe(9)
        if not is_formula_like(password):
            return password


@dataclass
class AccountRequest:
    username: str
    role: str
    agency_name: str = ""
    email: str = ""
    password: str = ""
    full_name: str = ""
    phone: str = ""
    agency: Agency | None = None
    line: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role


def _check(request: AccountRequest, resolution: Resolution) -> list[str]:
    """Everything wrong with one request; fills in the resolved role and agency."""
    problems = []
    user_model = get_user_model()
    if not request.username:
        problems.append("用户名不能为空。")
    else:
        try:
            user_model.username_validator(request.username)
        except ValidationError:
            problems.append(f"用户名“{request.username}”只能包含字母、数字和 @/./+/-/_。")
    role = _ROLE_BY_TEXT.get(request.role)
    if role is None:
        problems.append(f"未知角色“{request.role}”，应为 office、leader、liaison 或 head（或 督查室工作人员、领导、单位联络员、单位负责人）。")
    else:
        request.role = role
    request.agency = resolution.found.get(request.agency_name)
    if request.agency_name and request.agency is None:
        problems.append(f"找不到单位“{request.agency_name}”，请使用单位全称、简称或已登记的别名。")
    if role in AGENCY_ROLES:
        if not request.agency_name:
            problems.append(f"{role.label}必须填写所属单位。")
        elif request.agency is not None and request.agency.is_collective:
            problems.append(f"“{request.agency_name}”是集合名称，不能作为账号的所属单位。")
    elif role is not None and request.agency_name:
        problems.append(f"{role.label}不属于具体单位，请不要填写单位（填写了“{request.agency_name}”）。")
    if len(request.full_name) > 150:
        problems.append("姓名不能超过 150 个字。")
    if len(request.phone) > 40:
        problems.append("联系电话不能超过 40 个字符。")
    if request.email:
        try:
            validate_email(request.email)
        except ValidationError:
            problems.append(f"邮箱地址无效：{request.email}")
    if not request.password:
        problems.append("密码不能为空。")
    elif is_formula_like(request.password):
        # The initial passwords go out in a .csv the office opens in Excel, which would evaluate it.
        problems.append("密码不能以 = + - @ 开头（电子表格会把它当作公式）。")
    else:
        try:
            validate_password(request.password, user_model(username=request.username, email=request.email))
        except ValidationError as exc:
            problems.append("密码不符合要求：" + "".join(exc.messages))
    return problems


def role_sync(user) -> None:
    """Staff status and the role group follow the profile's role (other role groups are removed)."""
    role = user.profile.role
    is_staff = role == Role.OFFICE or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    others = Group.objects.filter(name__in=[g for r, g in ROLE_GROUPS.items() if r != role])
    user.groups.remove(*others)
    user.groups.add(group)


def _write(request: AccountRequest):
    """Create the user, its profile and its role group; the request has been checked."""
    user = get_user_model().objects.create_user(
        username=request.username, email=request.email, password=request.password, first_name=request.full_name)
    UserProfile.objects.create(user=user, role=request.role, agency=request.agency, phone=request.phone)
    role_sync(user)
    return user


def _clean(value) -> str:
    return ("" if value is None else str(value)).strip()


@transaction.atomic
def account_create(*, username: str, role: str, agency_name: str | None = None, email: str = "", password: str,
                   full_name: str = "", phone: str = ""):
    """Create one account; liaisons and heads name their agency, office staff and leaders name none."""
    request = AccountRequest(_clean(username), _clean(role), _clean(agency_name), _clean(email), password or "",
                             _clean(full_name), _clean(phone))
    problems = _check(request, resolve_names([request.agency_name]))
    if request.username and get_user_model().objects.filter(username=request.username).exists():
        problems.insert(0, f"用户名“{request.username}”已存在。")
    if problems:
        raise AccountError(problems)
    return _write(request)


def _value(row: Mapping[str, str], column: str) -> str:
    for header in COLUMNS[column]:
        if row.get(header) not in (None, ""):
            return _clean(row[header])
    return ""


def accounts_check(*, rows: Iterable[Mapping[str, str]]) -> list[AccountRequest]:
    """The dry run: one request per row with its problems (line numbers count the header as line 1).

    Changes nothing. `rows` are dicts keyed by the header (csv.DictReader, or
    an .xlsx sheet read the same way); rows without any value are skipped.
    """
    requests = []
    for line, row in enumerate(rows, start=2):
        if not any(_clean(v) for v in row.values()):
            continue
        requests.append(AccountRequest(
            *(_value(row, c) for c in ("username", "role", "agency", "email")),
            password=_value(row, "password"), full_name=_value(row, "full_name"), phone=_value(row, "phone"),
            line=line))
    resolution = resolve_names(r.agency_name for r in requests)
    taken = set(
        get_user_model().objects.filter(username__in=[r.username for r in requests]).values_list("username", flat=True)
    )
    first_line: dict[str, int] = {}
    for request in requests:
        request.problems = _check(request, resolution)
        if request.username in taken:
            request.problems.insert(0, f"用户名“{request.username}”已存在。")
        elif request.username in first_line:
            request.problems.insert(0, f"用户名“{request.username}”与第 {first_line[request.username]} 行重复。")
        first_line.setdefault(request.username, request.line)
    return requests


@transaction.atomic
def accounts_import_csv(*, rows: Iterable[Mapping[str, str]]) -> list:
    """Create one account per row, or none at all.

    Columns username, role, agency, email, password, name, phone — or 用户名,
    角色, 单位, 邮箱, 密码, 姓名, 电话. Every row is checked first (accounts_check),
    and all problems of all rows are reported together.
    """
    requests = accounts_check(rows=rows)
    if not requests:
        raise AccountError(["文件中没有账号。"])
    errors = [f"第 {r.line} 行：{p}" for r in requests for p in r.problems]
    if errors:
        raise AccountError(["导入未执行，没有创建任何账号。请修改以下问题后重新导入：", *errors])
    return [_write(r) for r in requests]


def profile_problems(role: str, agency: Agency | None) -> list[str]:
    """The role–agency rule for a profile edited in the admin (files are checked by _check, by name)."""
    if role not in Role.values:
        return []
    label = Role(role).label
    if role in AGENCY_ROLES and agency is None:
        return [f"{label}必须选择所属单位。"]
    if role in AGENCY_ROLES and agency.is_collective:
        return [f"“{agency}”是集合名称，不能作为账号的所属单位。"]
    if role not in AGENCY_ROLES and agency is not None:
        return [f"{label}不属于具体单位，请清空所属单位。"]
    return []
