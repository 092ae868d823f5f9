"""Writes for agencies and accounts: the agency list from the fixture file, user accounts.

Every write runs in one transaction; commands and admin actions only parse
input and call these functions.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from .choices import AgencyKind
from .models import Agency, AgencyAlias

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


# Accounts moved to agencies/accounts.py; these names stay importable from here for the commands and tests.
from .accounts import AccountError, account_create, accounts_import_csv  # noqa: E402,F401
