"""Name → agency: full names, short names, aliases and collective names.

Documents print units in many forms (省政务局, 湖南省政务管理服务局,
自贸试验区长沙片区管委会…). `resolve_names` maps every printed form to one
active agency in a single query and reports what it could not map, so that an
import can ask the office instead of guessing.

Matching, in order of trust:
1. exact: the name with surrounding whitespace trimmed, against Agency.name,
   Agency.short_name and AgencyAlias.name;
2. light normalisation, used only when the exact form matches nothing:
   - inner whitespace removed (PDF text breaks names with spaces: 省 司法厅);
   - brackets in both widths: 中国（湖南） ↔ 中国(湖南);
   - the province prefix: 省X ↔ 湖南省X.
A name that matches two different agencies at the same level is ambiguous:
it is reported in `unresolved` (and in `ambiguous`, with the candidates),
never attached to one of them at random.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q

from .models import Agency

_WHITESPACE = re.compile(r"\s+")
_TO_FULL_WIDTH = str.maketrans("()", "（）")
_TO_HALF_WIDTH = str.maketrans("（）", "()")
PROVINCE = "湖南"


@dataclass
class Resolution:
    found: dict[str, Agency] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[Agency]] = field(default_factory=dict)


def name_variants(name: str) -> set[str]:
    """The normalised forms tried when the exact name matches nothing."""
    compact = _WHITESPACE.sub("", name)
    forms = {compact, compact.translate(_TO_FULL_WIDTH), compact.translate(_TO_HALF_WIDTH)}
    for form in list(forms):
        if form.startswith(PROVINCE + "省"):
            forms.add(form[len(PROVINCE):])
        elif form.startswith("省"):
            forms.add(PROVINCE + form)
    forms.discard(name.strip())
    return forms


def _agencies_by_key(keys: set[str]) -> dict[str, dict[int, Agency]]:
    """Every lookup key among `keys` → the active agencies carrying it, in one query.

    The annotation reuses the alias join of the filter, so each row carries the
    alias that matched (or another alias of an agency matched by name).
    """
    rows = (
        Agency.objects.filter(is_active=True)
        .filter(Q(name__in=keys) | Q(short_name__in=keys) | Q(aliases__name__in=keys))
        .annotate(matched_alias=F("aliases__name"))
    )
    index: dict[str, dict[int, Agency]] = {}
    for agency in rows:
        for key in (agency.name, agency.short_name, agency.matched_alias):
            if key and key in keys:
                index.setdefault(key, {}).setdefault(agency.pk, agency)
    return index


def resolve_names(names: Iterable[str]) -> Resolution:
    """Map printed names to active agencies; blank names are skipped."""
    wanted = list(dict.fromkeys(n for n in names if n and n.strip()))
    variants = {n: name_variants(n) for n in wanted}
    keys = {n.strip() for n in wanted}.union(*variants.values()) if wanted else set()
    index = _agencies_by_key(keys)

    result = Resolution()
    for name in wanted:
        candidates = index.get(name.strip(), {})
        if not candidates:
            candidates = {pk: a for v in variants[name] for pk, a in index.get(v, {}).items()}
        if len(candidates) == 1:
            result.found[name] = next(iter(candidates.values()))
        else:
            result.unresolved.append(name)
            if candidates:
                result.ambiguous[name] = sorted(candidates.values(), key=lambda a: a.name)
    return result
