"""Which agencies a user acts for: their own, and the collective names it belongs to.

A task assigned to 各市州人民政府 is the business of every prefecture
government, so a liaison of 长沙市人民政府 sees it as their own.
"""

from .models import Agency


def agency_scope_ids(agency_id: int) -> list[int]:
    """The agency and every collective agency it is a member of (one query)."""
    collectives = Agency.members.through.objects.filter(to_agency_id=agency_id).values_list("from_agency_id", flat=True)
    return [agency_id, *collectives]
