"""Close matches for unit names the registry does not know, for the import preview.

The office maps each unknown printed name to an agency; ranking the registry by
string similarity (rapidfuzz ratio over full names, short names and aliases) puts
the likely one first. Two things ratio alone gets wrong in this genre are added:
the level (省司法局 is 省司法厅, not 州司法局: the first character says which
government) and the longest run shared (省财政局 shares 省财政 with 省财政厅, only
省 and 局 with 省政务局). WRatio's partial matching is not used: it ranks any long
name containing 司法局 above the short form of the same unit. Nothing is ever
mapped on a suggestion alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from .models import Agency, AgencyAlias

# Below this ratio a "match" shares little more than 省/市/局 with the name.
MIN_SCORE = 55
_LEVELS = "省市州县区"


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
        query = name.strip()
        best: dict[int, tuple[float, Suggestion]] = {}
        for form, score, index in process.extract(query, forms, scorer=fuzz.ratio, score_cutoff=MIN_SCORE,
                                                  limit=limit * 5):
            agency = owners[index]
            rank = _rank(query, form, score)
            if agency.pk not in best or best[agency.pk][0] < rank:
                best[agency.pk] = (rank, Suggestion(agency, round(score), form))
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].agency.name))
        out[name] = [suggestion for _, suggestion in ranked[:limit]]
    return out


def _rank(query: str, form: str, score: float) -> float:
    same_level = query[:1] in _LEVELS and form.lstrip("湖南")[:1] == query[:1]
    run = SequenceMatcher(None, query, form, autojunk=False).find_longest_match().size
    return score + (10 if same_level else 0) + 3 * run
