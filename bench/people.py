"""Generated agencies (with collective names and their members) and users."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from agencies.choices import ROLE_GROUPS, AgencyKind, Role
from agencies.models import Agency, AgencyAlias, UserProfile

from . import vocab
from .copyio import copy_rows, next_id, reset_sequence

BENCH_PASSWORD = "Bench-Passw0rd!"


@dataclass
class GenAgency:
    id: int
    name: str
    short_name: str
    kind: str
    group: str  # provincial / central / zone / prefecture / department / collective
    city: str = ""
    parent_id: int | None = None
    member_group: str = ""
    members: list[int] = field(default_factory=list)


def _core_groups() -> dict[str, list[dict]]:
    return {
        "provincial": [{"name": n, "short": s, "kind": AgencyKind.PROVINCIAL} for n, s in vocab.PROVINCIAL],
        "prefecture": [
            {"name": f"{c}人民政府", "short": "", "kind": AgencyKind.PREFECTURE, "city": c} for c in vocab.PREFECTURES
        ],
        "collective": [
            {"name": n, "short": "", "kind": AgencyKind.COLLECTIVE, "member_group": g} for n, g in vocab.COLLECTIVES
        ],
        "central": [{"name": n, "short": s, "kind": AgencyKind.CENTRAL} for n, s in vocab.CENTRAL],
        "zone": [{"name": n, "short": "", "kind": AgencyKind.ZONE} for n in vocab.ZONES],
        "department": [
            {"name": f"{c}{d}", "short": "", "kind": AgencyKind.OTHER, "city": c}
            for d in vocab.PREFECTURE_DEPARTMENTS
            for c in vocab.PREFECTURES
        ],
    }


def build_agencies(count: int, first_id: int) -> list[GenAgency]:
    """`count` agencies; small counts still get some of every group (round robin)."""
    groups = _core_groups()
    order = ["provincial", "prefecture", "collective", "central", "zone", "department"]
    picked: list[tuple[str, dict]] = []
    while len(picked) < count and any(groups.values()):
        for name in order:
            if groups[name] and len(picked) < count:
                picked.append((name, groups[name].pop(0)))
        # Once the small groups are used up, the rest are prefecture departments.
    extra = 0
    while len(picked) < count:  # more than the vocabulary holds: numbered offices
        extra += 1
        picked.append(("department", {"name": f"湖南省第{extra}工作专班", "short": "", "kind": AgencyKind.OTHER}))
    agencies = [
        GenAgency(id=first_id + i, name=d["name"], short_name=d["short"], kind=d["kind"], group=g,
                  city=d.get("city", ""), member_group=d.get("member_group", ""))
        for i, (g, d) in enumerate(picked)
    ]
    governments = {a.city: a.id for a in agencies if a.group == "prefecture"}
    for a in agencies:
        if a.group == "department":
            a.parent_id = governments.get(a.city)
        if a.group == "collective":
            a.members = [
                m.id for m in agencies
                if m.group == a.member_group and (a.member_group != "department" or m.name.endswith("行政审批服务局"))
            ]
    return agencies


def write_agencies(agencies: list[GenAgency], now) -> None:
    copy_rows(Agency, (
        {"id": a.id, "name": a.name, "short_name": a.short_name, "kind": a.kind, "parent_id": a.parent_id,
         "is_active": True, "contact_emails": "" if a.kind == AgencyKind.COLLECTIVE else f"unit{a.id}@bench.gov.cn",
         "webhook_url": "", "created_at": now, "updated_at": now}
        for a in agencies
    ))
    through = Agency.members.through
    member_id = next_id(through)
    rows = []
    for a in agencies:
        for m in a.members:
            rows.append({"id": member_id, "from_agency_id": a.id, "to_agency_id": m})
            member_id += 1
    copy_rows(through, rows)
    alias_id = next_id(AgencyAlias)
    copy_rows(AgencyAlias, (
        {"id": alias_id + i, "agency_id": a.id, "name": a.short_name}
        for i, a in enumerate(x for x in agencies if x.short_name)
    ))
    for model in (Agency, through, AgencyAlias):
        reset_sequence(model)


def write_users(agencies: list[GenAgency], liaison_share: float) -> dict[str, int]:
    """An office user, a leader, and a liaison for a share of the (non-collective) agencies.

    One password hash is shared: hashing is deliberately slow, and the bench
    logs users in with force_login or a token anyway.
    """
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    groups = {role: Group.objects.get_or_create(name=name)[0].id for role, name in ROLE_GROUPS.items()}
    real = [a for a in agencies if a.kind != AgencyKind.COLLECTIVE]
    # The first agencies are the busiest provincial ones; every liaison bench uses one of them.
    liaison_agencies = real[: max(1, int(len(real) * liaison_share))]
    people = [("bench_office", Role.OFFICE, None), ("bench_leader", Role.LEADER, None)]
    people += [(f"bench_liaison_{a.id}", Role.LIAISON, a.id) for a in liaison_agencies]
    people.append((f"bench_head_{real[0].id}", Role.HEAD, real[0].id))
    user_id, profile_id, link_id = next_id(User), next_id(UserProfile), next_id(User.groups.through)
    users, profiles, links = [], [], []
    for i, (username, role, agency_id) in enumerate(people):
        uid = user_id + i
        users.append({"id": uid, "password": password, "username": username, "email": f"{username}@bench.gov.cn",
                      "is_staff": role == Role.OFFICE, "is_active": True, "is_superuser": False,
                      "date_joined": now, "first_name": "", "last_name": ""})
        profiles.append({"id": profile_id + i, "user_id": uid, "role": role, "agency_id": agency_id, "phone": ""})
        links.append({"id": link_id + i, "user_id": uid, "group_id": groups[role]})
    copy_rows(User, users)
    copy_rows(UserProfile, profiles)
    copy_rows(User.groups.through, links)
    for model in (User, UserProfile, User.groups.through):
        reset_sequence(model)
    return {"users": len(users)}
