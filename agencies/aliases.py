"""Alias memory: a printed name the office mapped to an agency once resolves by itself next time."""

from collections.abc import Mapping

from django.db.models import Q

from .models import Agency, AgencyAlias


def aliases_remember(mapping: Mapping[str, Agency]) -> list[AgencyAlias]:
    """Record each printed name → agency the office chose as an alias of that agency.

    Called inside the caller's transaction (an import saves its mapping and its tasks together).
    A name that is already some agency's full name, short name or alias is left alone: it
    either resolves already or is shared by several agencies, and an alias would not settle
    which one the next plan means.
    """
    names = {name.strip(): agency for name, agency in mapping.items() if name and name.strip()}
    names = {n: a for n, a in names.items() if len(n) <= 120}
    if not names:
        return []
    taken = set(
        Agency.objects.filter(Q(name__in=names) | Q(short_name__in=names)).values_list("name", "short_name")
        .iterator()
    )
    taken_names = {form for pair in taken for form in pair}
    taken_names |= set(AgencyAlias.objects.filter(name__in=names).values_list("name", flat=True))
    new = [AgencyAlias(agency=agency, name=name) for name, agency in names.items() if name not in taken_names]
    # A concurrent import may record the same alias: the unique name keeps one, neither fails.
    return AgencyAlias.objects.bulk_create(new, ignore_conflicts=True)
