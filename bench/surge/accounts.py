"""Liaison and leader accounts for the surge, written set-based with one shared password hash.

PBKDF2 is deliberately slow (about 0.3 s per hash here): hashing 322 passwords would take
minutes, so the password is hashed once and the same hash goes into every row. Each account
still logs in through the real login form with its own username and the known password.
"""

from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from agencies.choices import ROLE_GROUPS, AgencyKind, Role
from agencies.models import UserProfile
from bench.copyio import copy_rows, next_id, reset_sequence
from tasks.choices import TaskStatus

PREFIX = "surge_"
# Tasks a liaison can report on: not locked by a sign-off request or a sign-off.
REPORTABLE = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED)


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    agency_id: int | None = None
    # Liaisons sharing an agency split its tasks: this one takes the tasks with id % slots == slot,
    # so two of them never write the same (task, agency, month) report and overwrite each other's marker.
    slot: int = 0
    slots: int = 1


def busiest_agencies(limit: int, min_tasks: int) -> list[tuple[int, int]]:
    """(agency id, tasks left to report) of the non-collective agencies with the most tasks they can still
    report on this month (repeated runs use them up: each run's reports are reports of this month)."""
    period = timezone.localdate().replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.agency_id, count(DISTINCT a.task_id) AS n
            FROM tasks_assignment a
            JOIN tasks_task t ON t.id = a.task_id
            JOIN agencies_agency g ON g.id = a.agency_id
            WHERE t.status = ANY(%s) AND g.kind <> %s AND g.is_active
              AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r
                              WHERE r.task_id = a.task_id AND r.agency_id = a.agency_id AND r.period = %s)
            GROUP BY a.agency_id HAVING count(DISTINCT a.task_id) >= %s
            ORDER BY n DESC, a.agency_id LIMIT %s
            """,
            [list(REPORTABLE), AgencyKind.COLLECTIVE, period, min_tasks, limit],
        )
        return cursor.fetchall()


def plan_accounts(liaisons: int, leaders: int, agencies: list[int]) -> dict[str, list[Account]]:
    """Which account acts for which agency: one liaison per agency while there are enough, then shared.

    The idle baseline gets its own liaison and leader, on the agency with the most tasks left (it
    reports every few seconds), which no surge liaison uses when there is one to spare, so that its
    reports never collide with the surge's.
    """
    if not agencies:
        raise ValueError("没有可报送任务的单位：请先生成压测数据（generate_load）。")
    idle_agency = agencies[0]
    pool = agencies[1:liaisons + 1] if len(agencies) > liaisons else agencies
    owners = [pool[i % len(pool)] for i in range(liaisons)]
    per_agency: dict[int, int] = {}
    for agency in owners:
        per_agency[agency] = per_agency.get(agency, 0) + 1
    if len(agencies) <= liaisons:
        per_agency[idle_agency] += 1  # the idle liaison shares its agency: it takes a slot of its own
    seen: dict[int, int] = {}
    surge = []
    for i, agency in enumerate(owners):
        slot = seen.get(agency, 0)
        seen[agency] = slot + 1
        surge.append(Account(f"{PREFIX}liaison_{i + 1:03d}", Role.LIAISON, agency, slot, per_agency[agency]))
    idle_slot = seen.get(idle_agency, 0)
    return {
        "liaisons": surge,
        "leaders": [Account(f"{PREFIX}leader_{i + 1:02d}", Role.LEADER) for i in range(leaders)],
        "idle_liaisons": [Account(f"{PREFIX}idle_liaison", Role.LIAISON, idle_agency, idle_slot,
                                  per_agency.get(idle_agency, 1))],
        "idle_leaders": [Account(f"{PREFIX}idle_leader", Role.LEADER)],
    }


def write_accounts(plan: dict[str, list[Account]], password: str) -> int:
    """Replace every surge_* account with the planned ones (COPY); returns how many were written."""
    User = get_user_model()
    hashed = make_password(password)  # once: see the module docstring
    now = timezone.now()
    accounts = [a for group in plan.values() for a in group]
    with transaction.atomic():
        User.objects.filter(username__startswith=PREFIX).delete()
        groups = {role: Group.objects.get_or_create(name=name)[0].id for role, name in ROLE_GROUPS.items()}
        user_id, profile_id, link_id = next_id(User), next_id(UserProfile), next_id(User.groups.through)
        copy_rows(User, ({"id": user_id + i, "password": hashed, "username": a.username, "email": "",
                          "is_staff": False, "is_active": True, "is_superuser": False, "date_joined": now,
                          "first_name": "", "last_name": a.username} for i, a in enumerate(accounts)))
        copy_rows(UserProfile, ({"id": profile_id + i, "user_id": user_id + i, "role": a.role,
                                 "agency_id": a.agency_id, "phone": ""} for i, a in enumerate(accounts)))
        copy_rows(User.groups.through, ({"id": link_id + i, "user_id": user_id + i, "group_id": groups[a.role]}
                                        for i, a in enumerate(accounts)))
        for model in (User, UserProfile, User.groups.through):
            reset_sequence(model)
    return len(accounts)


def as_json(plan: dict[str, list[Account]], password: str) -> dict:
    """What the locust side reads: usernames, the password, each liaison's agency and task slot."""
    return {"password": password, **{key: [asdict(a) for a in group] for key, group in plan.items()}}
