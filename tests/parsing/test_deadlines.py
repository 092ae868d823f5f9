import datetime as dt

import pytest

from documents.parsing.deadlines import clause_deadline, find_dates, find_recurrence, latest, resolve_phrase

D = dt.date


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("2021年9月底前研究提出一批事项", 2021, ("2021年9月底前", D(2021, 9, 30))),
        ("2021年底前，实现改革全覆盖", 2021, ("2021年底前", D(2021, 12, 31))),
        ("加快国家部署 2021 年前实现", 2021, ("2021年前", D(2021, 12, 31))),
        ("政策至 2024 年底。", 2024, ("至2024年底", D(2024, 12, 31))),
        ("2013年3月前，完成", 2012, ("2013年3月前", D(2013, 3, 31))),
        ("。2012－2015年，城镇年均新增就业", 2012, ("2012－2015年", D(2015, 12, 31))),
        ("。2012~2015年，有就业意愿", 2012, ("2012~2015年", D(2015, 12, 31))),
        ("于2021年全面实施并形成长效管理", 2021, ("于2021年全面实施", D(2021, 12, 31))),
        ("2月底前将方案报送", 2020, ("2月底前", D(2020, 2, 29))),  # 2020 is a leap year
        ("2023年上半年完成规划编制", 2023, ("2023年上半年", D(2023, 6, 30))),
        ("2021年6月30日前完成", 2021, ("2021年6月30日前", D(2021, 6, 30))),
    ],
)
def test_single_deadline(text, year, expected):
    found = find_dates(text, year)
    assert [(m.text, m.date) for m in found] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "制定落实我省加快建设全国统一大市场 2024 年工作要点。",  # a document title
        "落实好《建设项目环境影响评价分类管理目录》(2018年版)",
        "自2022年起，该项资金不再列支",  # a start date
        "本实施方案自2020年9月1日起施行。",
        "县道截至2020年底，全区县道总里程427公里",  # a status date
        "根据《湖南省优化营商环境三年行动计划（2022—2024年）》",
        "建设1~2所国家示范性高等职业院校，5%－10%的比例",
    ],
)
def test_descriptive_dates_are_not_deadlines(text):
    assert find_dates(text, 2024) == []


def test_latest_date_is_deadline_and_others_milestones():
    found = find_dates("2014年前建成信息系统。到2015年，达标率达到70%以上。", 2012)
    assert [m.text for m in found] == ["2014年前", "到2015年"]
    assert latest(found).text == "到2015年"


def test_repeated_phrase_counted_once():
    assert len(find_dates("到2015年，建成A。到2015年，建成B。", 2012)) == 1


@pytest.mark.parametrize(
    "phrase, year, expected",
    [
        ("6月底完成", 2020, D(2020, 6, 30)),
        ("2月底完成", 2020, D(2020, 2, 29)),
        ("2月底完成", 2021, D(2021, 2, 28)),
        ("2021年6月底", 2020, D(2021, 6, 30)),
        ("第三季度", 2023, D(2023, 9, 30)),
        ("一季度", 2023, D(2023, 3, 31)),
        ("上半年", 2023, D(2023, 6, 30)),
        ("年内", 2023, D(2023, 12, 31)),
        ("长期坚持", 2023, None),
    ],
)
def test_resolve_phrase(phrase, year, expected):
    assert resolve_phrase(phrase, year) == expected


def test_clause_deadline_pieces():
    assert clause_deadline("6月底完成")
    assert clause_deadline("12月底前")
    assert not clause_deadline("各县市人民政府")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("每年对疫苗委托配送企业进行全覆盖检查", "yearly"),
        ("每年为老年人提供1次定点免费体检", "yearly"),
        ("一季度开展一次业务集中培训", "quarterly"),
        ("建立完善问题销号、工作计划落实一月一调度机制", "monthly"),
        ("省社会信用信息共享平台与市场监管部门每日共享互推信用修复结果信息", "daily"),
        ("定期研究部署、调度进展", None),
        ("开展年度营商环境评估", None),
        ("“一月一链”投融资路演活动", None),
        ("按照每年每公里1万元的标准补助", None),
        ("城镇年均新增就业人数24万以上，逐年提高", None),
    ],
)
def test_recurrence(text, kind):
    assert find_recurrence(text) == kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年内完成存量系统迁移评估", ("年内完成", D(2024, 12, 31))),
        ("年内实现信用修复“一网通办”", ("年内", D(2024, 12, 31))),
        ("本年度内开展全省政务系统安全检查", ("本年度内", D(2024, 12, 31))),
        ("当年完成市县全覆盖", ("当年完成", D(2024, 12, 31))),
        ("年底前全程网办率达到85%以上", ("年底前", D(2024, 12, 31))),
        ("年中前完成平台改版升级", ("年中前", D(2024, 6, 30))),
        ("第三季度末前全部上线运行", ("第三季度末前", D(2024, 9, 30))),
        ("10月15日前实现高频证照全量归集", ("10月15日前", D(2024, 10, 15))),
        # parts of a month end on the 10th, the 20th and the last day
        ("6月中旬前完成省级部门目录梳理", ("6月中旬前", D(2024, 6, 20))),
        ("9月上旬完成设区市目录汇聚", ("9月上旬完成", D(2024, 9, 10))),
        ("2月下旬完成", ("2月下旬完成", D(2024, 2, 29))),
        ("2024年6月中旬前完成", ("2024年6月中旬前", D(2024, 6, 20))),
    ],
)
def test_year_less_deadlines_read_in_plan_year(text, expected):
    assert [(m.text, m.date) for m in find_dates(text, 2024)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "三年内实现全覆盖",  # a duration, not the plan year
        "力争两年内完成改造",
        "当年新增就业人数",  # 当年 without a completion
        "持续推进政务服务适老化改造",
        "长期坚持开展风险预警",
        "2月30日前完成",  # a misprint gives no date
    ],
)
def test_no_deadline(text):
    assert find_dates(text, 2024) == []
