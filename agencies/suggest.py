"""Close matches for unit names the registry does not know, for the import preview.

The office maps each unknown printed name to an agency; ranking the registry by
string similarity (rapidfuzz WRatio over full names, short names and aliases)
puts the likely one first. Nothing is ever mapped on a suggestion alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .models import Agency, AgencyAlias

# Below this WRatio a "match" shares little more than 省/市/局 with the name.
MIN_SCORE = 60


@dataclass(frozen=True)
class Suggestion:
    agency: Agency
    score: int  # 0–100
    matched: str  # the registry form that resembles the printed name


def _registry_forms() -> tuple[list[str], list[Agency]]:
    """Every form under which the registry knows an active agency, in two queries."""
    agencies = {a.pk: a for a in Agency.objects.filter(is_active=True).only("id", "name", "short_name", "kind")}
    forms: list[str] = []
    owners: list[Agency] = []
    for agency in agencies.values():
        for form in (agency.name, agency.short_name):
            if form:
                forms.append(form)
                owners.append(agency)
    for name, agency_id in AgencyAlias.objects.filter(agency_id__in=agencies).values_list("name", "agency_id"):
        forms.append(name)
        owners.append(agencies[agency_id])
    return forms, owners


def agency_suggestions(names: Iterable[str], *, limit: int = 3) -> dict[str, list[Suggestion]]:
    """printed name → up to `limit` agencies, best first (one agency once, by its closest form)."""
    wanted = [n for n in dict.fromkeys(names) if n and n.strip()]
    if not wanted:
        return {}
    forms, owners = _registry_forms()
    out: dict[str, list[Suggestion]] = {}
    for name in wanted:
        best: dict[int, Suggestion] = {}
        hits = process.extract(name.strip(), forms, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=limit * 4)
        for form, score, index in hits:
            agency = owners[index]
            if agency.pk not in best or best[agency.pk].score < score:
                best[agency.pk] = Suggestion(agency, round(score), form)
        out[name] = sorted(best.values(), key=lambda s: (-s.score, s.agency.name))[:limit]
    return out
