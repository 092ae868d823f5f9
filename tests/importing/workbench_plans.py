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

