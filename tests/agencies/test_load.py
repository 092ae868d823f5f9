import json
from pathlib import Path

import pytest

from agencies.choices import AgencyKind
from agencies.models import Agency, AgencyAlias
from agencies.resolve import resolve_names
from agencies.services import AgencyLoadError, agencies_load

SEEDS = Path(__file__).resolve().parents[1] / "data" / "gold" / "seeds.json"


def printed_names() -> set[str]:
    names = set()
    for doc in json.loads(SEEDS.read_text(encoding="utf-8")):
        names.update(doc["global_co"])
        for plan in doc["plans"]:
            for task in plan["tasks"]:
                names.update(task["lead"], task["co"])
    return names


def test_load_is_idempotent(db):
    first = agencies_load()
    counts = (Agency.objects.count(), AgencyAlias.objects.count(), Agency.members.through.objects.count())
    second = agencies_load()
    assert first.created == counts[0] > 140 and first.updated == 0
    assert (second.created, second.updated, second.unchanged) == (0, 0, counts[0])
    assert counts == (Agency.objects.count(), AgencyAlias.objects.count(), Agency.members.through.objects.count())


def test_load_repairs_changed_rows_and_keeps_admin_additions(loaded):
    agency = Agency.objects.get(name="湖南省政务管理服务局")
    Agency.objects.filter(pk=agency.pk).update(short_name="改过的", kind=AgencyKind.OTHER)
    AgencyAlias.objects.create(agency=agency, name="政务局（后台添加）")
    result = agencies_load()
    agency.refresh_from_db()
    assert (result.created, result.updated) == (0, 1)
    assert (agency.short_name, agency.kind) == ("省政务局", AgencyKind.PROVINCIAL)
    assert agency.aliases.filter(name="政务局（后台添加）").exists()


def test_every_printed_seed_name_resolves_to_one_agency(loaded):
    names = printed_names()
    assert len(names) == 133
    resolution = resolve_names(names)
    assert resolution.unresolved == []
    assert set(resolution.found) == names


@pytest.mark.parametrize(
    ("printed", "full_name", "kind"),
    [
        ("省政务局", "湖南省政务管理服务局", AgencyKind.PROVINCIAL),
        ("省发展改革委", "湖南省发展和改革委员会", AgencyKind.PROVINCIAL),
        ("省市场监管局", "湖南省市场监督管理局", AgencyKind.PROVINCIAL),
        ("省市场监督管理局", "湖南省市场监督管理局", AgencyKind.PROVINCIAL),
        ("省住房城乡建设", "湖南省住房和城乡建设厅", AgencyKind.PROVINCIAL),
        ("省住房城乡建设厅", "湖南省住房和城乡建设厅", AgencyKind.PROVINCIAL),
        ("人民银行长沙中心支行", "中国人民银行湖南省分行", AgencyKind.CENTRAL),
        ("人民银行湖南省分行", "中国人民银行湖南省分行", AgencyKind.CENTRAL),
        ("州行政审批服务局", "湘西土家族苗族自治州行政审批服务局", AgencyKind.OTHER),
        ("长沙市人民政府", "长沙市人民政府", AgencyKind.PREFECTURE),
        ("自贸试验区长沙片区管委会", "中国（湖南）自由贸易试验区长沙片区管理委员会", AgencyKind.ZONE),
        ("湖南自贸试验区长沙片区管委会", "中国（湖南）自由贸易试验区长沙片区管理委员会", AgencyKind.ZONE),
        ("省直相关部门", "省直相关部门", AgencyKind.COLLECTIVE),
    ],
)
def test_printed_names_map_to_official_units(loaded, printed, full_name, kind):
    agency = resolve_names([printed]).found[printed]
    assert (agency.name, agency.kind) == (full_name, kind)


def test_xiangxi_departments_belong_to_the_prefecture(loaded):
    agency = resolve_names(["州行政审批服务局"]).found["州行政审批服务局"]
    assert agency.parent.name == "湘西土家族苗族自治州人民政府"
    assert Agency.objects.filter(kind=AgencyKind.PREFECTURE).count() == 14


def test_malformed_fixture_is_refused_and_nothing_written(db, tmp_path):
    path = tmp_path / "agencies.yaml"
    path.write_text(
        "- {name: 甲单位, short_name: 甲, kind: provincial}\n"
        "- {name: 乙单位, aliases: [甲], kind: nonsense, parent: 不存在的单位}\n",
        encoding="utf-8",
    )
    with pytest.raises(AgencyLoadError) as excinfo:
        agencies_load(path=path)
    message = str(excinfo.value)
    assert "“甲”同时属于" in message and "nonsense" in message and "不存在的单位" in message
    assert not Agency.objects.exists()
