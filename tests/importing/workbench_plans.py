"""A small plan with three readings (auto / 1. items / （一） headings) and one unit the registry lacks."""

WORKBENCH_PLAN = """湖南省2030年工作台测试重点任务分工方案
一、优化营商环境
（一）深化审批改革。
1.推进政务服务“一网通办”，2030年6月底前完成。（省政务局牵头，省司法厅按职责分工负责）
2.开展营商环境评价，完善指标体系。（工作台新单位牵头，省政务局按职责分工负责）
（二）加强事中事后监管。
3.推行“双随机、一公开”监管，2030年9月底前完成。部署跨部门联合抽查。（省司法厅牵头，省政务局按职责分工负责）
二、提升服务效能
（三）推进数据共享。
4.建设统一的电子证照库，实现跨部门互认。（省政务局牵头）
"""
NEW_NAME = "工作台新单位"


def plan_bytes() -> bytes:
    return WORKBENCH_PLAN.encode("utf-8")



def numbered_plan(tasks: int, unknown: str | None = None) -> str:
    """A plan of `tasks` numbered items in sections of 10; the last names `unknown` as its co unit."""
    lines = [f"湖南省2030年{tasks}项任务测试分工方案"]
    for k in range(1, tasks + 1):
        if k % 10 == 1:
            lines.append(f"{_SECTIONS[k // 10]}、第{k // 10 + 1}部分")
        co = unknown if unknown and k == tasks else "省司法厅"
        lines.append(f"{k}.推进第{k}项改革事项落地见效，2030年{k % 12 + 1}月底前完成。（省政务局牵头，{co}按职责分工负责）")
    return "\n".join(lines) + "\n"


_SECTIONS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
             "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六",
             "二十七", "二十八", "二十九", "三十", "三十一"]
