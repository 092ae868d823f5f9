from agencies.models import Agency
from agencies.resolve import resolve_names
from agencies.scoping import agency_scope_ids, expand_collective
from tests.factories import AgencyFactory, AliasFactory


def test_short_name_alias_and_province_prefix(loaded):
    names = ["省政务局", "湖南省政务管理服务局", "省市场监督管理局", "湖南省发展改革委", "省司法厅 ", "省 司法厅"]
    resolution = resolve_names(names)
    assert resolution.unresolved == []
    assert {n: a.name for n, a in resolution.found.items()} == {
        "省政务局": "湖南省政务管理服务局",
        "湖南省政务管理服务局": "湖南省政务管理服务局",
        "省市场监督管理局": "湖南省市场监督管理局",
        "湖南省发展改革委": "湖南省发展和改革委员会",
        "省司法厅 ": "湖南省司法厅",
        "省 司法厅": "湖南省司法厅",
    }


def test_brackets_in_either_width(loaded):
    half = "中国(湖南)自由贸易试验区长沙片区管理委员会"
    assert resolve_names([half]).found[half].name == "中国（湖南）自由贸易试验区长沙片区管理委员会"


def test_one_query_for_all_names(loaded, django_assert_num_queries):
    with django_assert_num_queries(1):
        resolution = resolve_names(["省政务局", "州发改委", "湖南自贸试验区岳阳片区管委会", "不存在的单位", "省司法厅"])
    assert resolution.unresolved == ["不存在的单位"]
    assert len(resolution.found) == 4


def test_inactive_agencies_are_not_matched(loaded):
    Agency.objects.filter(name="湖南省司法厅").update(is_active=False)
    assert resolve_names(["省司法厅"]).unresolved == ["省司法厅"]


def test_exact_match_wins_over_normalised_one(db):
    exact = AgencyFactory(name="省测试局")
    AgencyFactory(name="湖南省测试局")
    assert resolve_names(["省测试局"]).found["省测试局"] == exact


def test_a_name_shared_by_two_agencies_is_ambiguous(db):
    first, second = AgencyFactory(name="甲局", short_name="同名"), AgencyFactory(name="乙局")
    AliasFactory(agency=second, name="同名")
    resolution = resolve_names(["同名"])
    assert resolution.unresolved == ["同名"]
    assert set(resolution.ambiguous["同名"]) == {first, second}


def test_collective_expands_to_its_members(loaded):
    prefectures = resolve_names(["各市州人民政府"]).found["各市州人民政府"]
    members = expand_collective(prefectures)
    assert len(members) == 14
    assert "湘西土家族苗族自治州人民政府" in {m.name for m in members}
    counties = resolve_names(["各县市人民政府"]).found["各县市人民政府"]
    assert len(expand_collective(counties)) == 8
    assert expand_collective(resolve_names(["相关部门"]).found["相关部门"]) == []


def test_plain_agency_expands_to_itself(loaded):
    agency = Agency.objects.get(name="湖南省司法厅")
    assert expand_collective(agency) == [agency]


def test_actor_ids_include_collectives(loaded):
    jishou = Agency.objects.get(name="吉首市人民政府")
    xiangxi = Agency.objects.get(name="湘西土家族苗族自治州人民政府")
    collectives = Agency.objects.filter(name__in=["各县市人民政府", "县市人民政府"])
    assert sorted(agency_scope_ids(jishou.pk)) == sorted([jishou.pk, *collectives.values_list("pk", flat=True)])
    assert set(agency_scope_ids(xiangxi.pk)) == {xiangxi.pk, Agency.objects.get(name="各市州人民政府").pk}
    sft = Agency.objects.get(name="湖南省司法厅")
    assert agency_scope_ids(sft.pk) == [sft.pk]
