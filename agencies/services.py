"""Writes for agencies and accounts: the agency list from the fixture file, user accounts.

Every write runs in one transaction; commands and admin actions only parse
input and call these functions.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .choices import AGENCY_ROLES, ROLE_GROUPS, AgencyKind, Role
from .models import Agency, AgencyAlias, UserProfile
from .resolve import Resolution, resolve_names

DEFAULT_AGENCY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "agencies.yaml"


class AgencyLoadError(ValueError):
    """The fixture file is malformed; nothing was written."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@dataclass
class _Entry:
    name: str
    short_name: str = ""
    kind: str = AgencyKind.OTHER
    parent: str = ""
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def _read_fixture(path: Path) -> list[_Entry]:
    """Parse and check the whole file before anything is written (YAML; JSON is valid YAML)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AgencyLoadError(f"无法读取单位清单 {path}：{exc}") from exc
    if not isinstance(raw, list):
        raise AgencyLoadError(f"单位清单 {path} 应为列表，每项一个单位。")
    entries, owner, seen, errors = [], {}, set(), []
    for number, item in enumerate(raw, start=1):
        try:
            entry = _Entry(**item)
        except TypeError as exc:
            errors.append(f"第 {number} 项格式错误：{exc}")
            continue
        if entry.name in seen:
            errors.append(f"第 {number} 项：单位“{entry.name}”重复出现。")
        seen.add(entry.name)
        if entry.kind not in AgencyKind.values:
            errors.append(f"第 {number} 项（{entry.name}）的类别 {entry.kind!r} 无效。")
        for key in filter(None, [entry.name, entry.short_name, *entry.aliases]):
            if owner.setdefault(key, entry.name) != entry.name:
                errors.append(f"名称“{key}”同时属于“{owner[key]}”和“{entry.name}”。")
        entries.append(entry)
    known = {e.name for e in entries} | set(Agency.objects.values_list("name", flat=True))
    for entry in entries:
        for ref in filter(None, [entry.parent, *entry.members]):
            if ref not in known:
                errors.append(f"“{entry.name}”引用的单位“{ref}”不存在。")
    if errors:
        raise AgencyLoadError("单位清单有误，未做任何修改：\n" + "\n".join(errors))
    return entries


def _apply_fields(entries: list[_Entry], changed: set[str]) -> dict[str, Agency]:
    """Create missing agencies and bring short name, kind and parent in line with the file."""
    by_name = {a.name: a for a in Agency.objects.all()}
    for entry in entries:
        agency = by_name.get(entry.name)
        if agency is None:
            by_name[entry.name] = Agency.objects.create(name=entry.name, short_name=entry.short_name, kind=entry.kind)
        elif (agency.short_name, agency.kind) != (entry.short_name, entry.kind):
            agency.short_name, agency.kind = entry.short_name, entry.kind
            agency.save(update_fields=["short_name", "kind", "updated_at"])
            changed.add(entry.name)
    for entry in entries:
        agency = by_name[entry.name]
        parent_id = by_name[entry.parent].pk if entry.parent else None
        if agency.parent_id != parent_id:
            agency.parent_id = parent_id
            agency.save(update_fields=["parent", "updated_at"])
            changed.add(entry.name)
    return by_name


def _apply_aliases(entries: list[_Entry], by_name: dict[str, Agency], changed: set[str]) -> None:
    """Add missing aliases and move misattributed ones; aliases added in the admin are kept."""
    wanted = {alias: entry.name for entry in entries for alias in entry.aliases}
    existing = {a.name: a for a in AgencyAlias.objects.filter(name__in=wanted)}
    for alias, agency_name in wanted.items():
        agency = by_name[agency_name]
        current = existing.get(alias)
        if current is None:
            AgencyAlias.objects.create(agency=agency, name=alias)
        elif current.agency_id != agency.pk:
            current.agency = agency
            current.save(update_fields=["agency"])
        else:
            continue
        changed.add(agency_name)


def _apply_members(entries: list[_Entry], by_name: dict[str, Agency], changed: set[str]) -> None:
    """Add missing members of collective names; members added in the admin are kept."""
    through = Agency.members.through
    present = set(through.objects.values_list("from_agency_id", "to_agency_id"))
    new_links = []
    for entry in entries:
        collective = by_name[entry.name]
        for member_name in entry.members:
            link = (collective.pk, by_name[member_name].pk)
            if link not in present:
                present.add(link)
                new_links.append(through(from_agency_id=link[0], to_agency_id=link[1]))
                changed.add(entry.name)
    through.objects.bulk_create(new_links)


@transaction.atomic
def agencies_load(*, path: str | Path = DEFAULT_AGENCY_FIXTURE) -> LoadResult:
    """Bring the agencies listed in `path` into the database; running it twice changes nothing.

    The file is authoritative for names, kinds, parents, aliases and members it
    lists. It never deletes: agencies, aliases and members added in the admin
    stay, and contact e-mails, webhooks and the active flag are left alone.
    """
    entries = _read_fixture(Path(path))
    before = set(Agency.objects.filter(name__in=[e.name for e in entries]).values_list("name", flat=True))
    changed: set[str] = set()
    by_name = _apply_fields(entries, changed)
    _apply_aliases(entries, by_name, changed)
    _apply_members(entries, by_name, changed)
    names = [e.name for e in entries]
    created = sum(1 for n in names if n not in before)
    updated = sum(1 for n in names if n in before and n in changed)
    return LoadResult(created=created, updated=updated, unchanged=len(names) - created - updated)


# ---- accounts -------------------------------------------------------------------


class AccountError(ValueError):
    """An account request that cannot be carried out; the message is for the user (Chinese)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# Roles may be written as their code, their label or their group name (CSV files are filled in by hand).
_ROLE_BY_TEXT = {text: role for role in Role for text in (role.value, role.label, ROLE_GROUPS[role])}
# CSV headers in English or Chinese.
_CSV_COLUMNS = {
    "username": ("username", "用户名"),
    "role": ("role", "角色"),
    "agency": ("agency", "单位"),
    "email": ("email", "邮箱"),
    "password": ("password", "密码"),
}


@dataclass
class _AccountRequest:
    username: str
    role: str
    agency_name: str
    email: str
    password: str
    agency: Agency | None = None


def _account_problems(request: _AccountRequest, resolution: Resolution) -> list[str]:
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
        problems.append(f"未知角色“{request.role}”，应为 office、leader、liaison 或 head。")
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
    if request.email:
        try:
            validate_email(request.email)
        except ValidationError:
            problems.append(f"邮箱地址无效：{request.email}")
    if not request.password:
        problems.append("密码不能为空。")
    else:
        try:
            validate_password(request.password, user_model(username=request.username, email=request.email))
        except ValidationError as exc:
            problems.append("密码不符合要求：" + "".join(exc.messages))
    return problems


def _account_write(request: _AccountRequest):
    """Create the user, its profile and its role group; the request has been checked."""
    user = get_user_model().objects.create_user(
        username=request.username, email=request.email, password=request.password,
        is_staff=request.role == Role.OFFICE,  # office staff maintain data in the admin
    )
    UserProfile.objects.create(user=user, role=request.role, agency=request.agency)
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[request.role])
    user.groups.add(group)
    return user


def _clean(value) -> str:
    return (value or "").strip()


@transaction.atomic
def account_create(*, username: str, role: str, agency_name: str | None = None, email: str = "", password: str):
    """Create one account; liaisons and heads name their agency, office staff and leaders name none."""
    request = _AccountRequest(_clean(username), _clean(role), _clean(agency_name), _clean(email), password or "")
    problems = _account_problems(request, resolve_names([request.agency_name]))
    if request.username and get_user_model().objects.filter(username=request.username).exists():
        problems.insert(0, f"用户名“{request.username}”已存在。")
    if problems:
        raise AccountError(problems)
    return _account_write(request)


def _csv_value(row: Mapping[str, str], column: str) -> str:
    for header in _CSV_COLUMNS[column]:
        if row.get(header):
            return str(row[header])
    return ""


@transaction.atomic
def accounts_import_csv(*, rows: Iterable[Mapping[str, str]]) -> list:
    """Create one account per row, or none at all.

    `rows` are the dicts of csv.DictReader (columns username, role, agency,
    email, password — or 用户名, 角色, 单位, 邮箱, 密码); line numbers in the
    messages count the header as line 1. Every row is checked first, and all
    problems of all rows are reported together.
    """
    requests = [
        _AccountRequest(*(_clean(_csv_value(row, c)) for c in ("username", "role", "agency", "email")),
                        password=_csv_value(row, "password"))
        for row in rows
    ]
    if not requests:
        raise AccountError(["文件中没有账号。"])
    resolution = resolve_names(r.agency_name for r in requests)
    taken = set(
        get_user_model().objects.filter(username__in=[r.username for r in requests]).values_list("username", flat=True)
    )
    first_line: dict[str, int] = {}
    errors = []
    for line, request in enumerate(requests, start=2):
        problems = _account_problems(request, resolution)
        if request.username in taken:
            problems.insert(0, f"用户名“{request.username}”已存在。")
        elif request.username in first_line:
            problems.insert(0, f"用户名“{request.username}”与第 {first_line[request.username]} 行重复。")
        first_line.setdefault(request.username, line)
        errors += [f"第 {line} 行：{p}" for p in problems]
    if errors:
        raise AccountError(["导入未执行，没有创建任何账号。请修改以下问题后重新导入：", *errors])
    return [_account_write(r) for r in requests]
