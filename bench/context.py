"""Who and what the benchmark asks about: users, a busy agency, a typical document, search terms."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token

from agencies.choices import Role
from agencies.models import UserProfile

# A common phrase of the genre and a rarer one: the index must serve both.
SEARCH_TERMS = ("政务服务", "告知承诺")


@dataclass
class BenchContext:
    office: object
    leader: object
    liaison: object
    token: str
    agency_id: int
    liaison_agency_id: int
    document_id: int
    iterations: int


def _user(role: str):
    profile = UserProfile.objects.select_related("user").filter(role=role).order_by("user__username").first()
    if profile is None:
        raise RuntimeError(f"压测库中没有角色为 {role} 的用户；请用 generate_load 重新生成。")
    return profile.user


def _one(query: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def build_context(iterations: int) -> BenchContext:
    office = _user(Role.OFFICE)
    # The liaison of the agency with most tasks: the heaviest list a liaison sees.
    liaison_agency_id = _one("""
        SELECT a.agency_id FROM tasks_assignment a
        WHERE a.agency_id IN (SELECT agency_id FROM agencies_userprofile WHERE role = 'liaison')
        GROUP BY a.agency_id ORDER BY count(*) DESC, a.agency_id LIMIT 1""")
    liaison = get_user_model().objects.filter(profile__role=Role.LIAISON, profile__agency_id=liaison_agency_id)[0]
    # A typical document: the one whose task count is the median.
    document_id = _one("""
        SELECT document_id FROM (SELECT document_id, count(*) AS n FROM tasks_task GROUP BY document_id) c
        ORDER BY n, document_id OFFSET (SELECT count(DISTINCT document_id) / 2 FROM tasks_task) LIMIT 1""")
    # The agency filter asks for a busy (but not the busiest) lead agency, as the office often does.
    agency_id = _one("""
        SELECT agency_id FROM tasks_assignment GROUP BY agency_id ORDER BY count(*) DESC, agency_id OFFSET 1 LIMIT 1""")
    token, _ = Token.objects.get_or_create(user=office)
    return BenchContext(office=office, leader=_user(Role.LEADER), liaison=liaison, token=token.key,
                        agency_id=agency_id, liaison_agency_id=liaison_agency_id, document_id=document_id,
                        iterations=iterations)
