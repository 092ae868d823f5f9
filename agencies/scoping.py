"""Which agencies a user acts for: their own, and the collective names it belongs to.

A task assigned to 各市州人民政府 is the business of every prefecture
government, so a liaison of 长沙市人民政府 sees it as their own.
"""

from .models import Agency


def agency_scope_ids(agency_id: int) -> list[int]:
    """The agency and every active collective it is a member of (one query)."""
    collectives = Agency.objects.filter(members=agency_id, is_active=True).values_list("pk", flat=True)
    return [agency_id, *collectives]


def expand_collective(agency: Agency) -> list[Agency]:
    """The active units a name stands for: the agency itself, or a collective's members.

    Members that are collectives themselves are expanded in turn. A collective
    without recorded members (相关部门…) expands to nothing: who is meant is
    not known.
    """
    if not agency.is_collective:
        return [agency]
    units: dict[int, Agency] = {}
    seen = {agency.pk}
    pending = [agency]
    while pending:
        current = pending.pop()
        for member in current.members.filter(is_active=True):
            if member.is_collective:
                if member.pk not in seen:
                    seen.add(member.pk)
                    pending.append(member)
            else:
                units.setdefault(member.pk, member)
    return sorted(units.values(), key=lambda a: a.name)

