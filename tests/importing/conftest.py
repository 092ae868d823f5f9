"""Fixtures of the import tests: the real agency fixture, the seed files, and row counts."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from agencies.models import Agency
from documents.models import Document, Plan, Section
from tasks.models import Assignment, Task, TaskEvent

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "fixtures" / "documents"
GOLD = json.loads((ROOT / "tests" / "data" / "gold" / "seeds.json").read_text(encoding="utf-8"))
SEEDS = sorted(p.name for p in SEED_DIR.glob("*.txt"))

# A small plan whose units are all unknown to an empty agency table.
SMALL_PLAN = """湖南省人民政府办公厅关于印发《湖南省2030年测试重点任务分工方案》的通知
湘政办函〔2030〕7号
各市州人民政府，省政府各厅委、各直属机构：
《湖南省2030年测试重点任务分工方案》已经省人民政府同意，现印发给你们，请认真贯彻执行。
湖南省人民政府办公厅
2030年3月1日
湖南省2030年测试重点任务分工方案
一、优化服务
1.推进政务服务“一网通办”。2030年6月底前完成。（省政务局牵头，省直相关部门按职责分工负责）
2.开展营商环境评价。（省发展改革委牵头，省政务局、测试新单位按职责分工负责）
3.推广“一件事一次办”。（省政务局牵头，省政务局、省发展改革委按职责分工负责）
"""


def seed_bytes(name: str) -> bytes:
    return (SEED_DIR / name).read_bytes()


def row_counts() -> dict[str, int]:
    """Counts of every table an import writes: compared before and after a refused import."""
    return {
        model.__name__: model.objects.count()
        for model in (Document, Plan, Section, Task, Assignment, TaskEvent, Agency)
    }


@pytest.fixture
def agencies(db):
    """The real agency list of fixtures/agencies.yaml, loaded the way `make run` does."""
    call_command("load_agencies", stdout=io.StringIO())
    return Agency.objects.count()
