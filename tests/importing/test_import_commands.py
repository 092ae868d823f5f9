"""import_document and import_seeds: summaries, refusals with nothing written, idempotence."""

import io

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency
from documents.models import Document
from tasks.models import Task

from .bad_inputs import BAD_INPUTS
from .conftest import SEED_DIR, SEEDS, SMALL_PLAN, row_counts

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_document_prints_a_summary(agencies):
    out, _ = run("import_document", str(SEED_DIR / "002_05a0325253792687.txt"))
    assert "已导入 州政发〔2020〕5号" in out and "任务 40 项" in out
    assert Task.objects.count() == 40


def test_import_document_refuses_a_second_import_and_replaces_on_request(agencies):
    path = str(SEED_DIR / "003_036d3c670277edd6.txt")
    run("import_document", path)
    before = row_counts()
    with pytest.raises(CommandError, match="不能重复导入"):
        run("import_document", path)
    assert row_counts() == before
    out, _ = run("import_document", path, "--replace")
    assert "已替换 湘政发〔2022〕15号" in out and Document.objects.count() == 1 and Task.objects.count() == 12


def test_import_document_lists_unresolved_names_and_writes_nothing(agencies, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match="测试新单位") as caught:
        run("import_document", str(path))
    assert "--create-missing-agencies" in str(caught.value)
    assert row_counts() == before


def test_import_document_prints_unresolved_names_on_stderr(agencies, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_document", str(path), stdout=io.StringIO(), stderr=err)
    assert "未匹配：测试新单位（任务 一·2）" in err.getvalue()


def test_import_document_creates_missing_agencies_on_request(agencies, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    out, _ = run("import_document", str(path), "--create-missing-agencies")
    assert "新建单位 1 个" in out
    assert Agency.objects.filter(name="测试新单位").exists()


def test_import_document_accepts_gbk_text(agencies, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SMALL_PLAN.replace("测试新单位", "省财政厅").encode("gbk"))
    out, _ = run("import_document", str(path))
    assert "任务 3 项" in out
    assert Task.objects.filter(text__contains="一网通办").exists()


@pytest.mark.parametrize(("case", "filename", "data", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_import_document_bad_input_gives_a_chinese_error_and_writes_nothing(
    agencies, tmp_path, case, filename, data, message
):
    path = tmp_path / filename
    path.write_bytes(data)
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        run("import_document", str(path))
    assert row_counts() == before


def test_import_document_missing_file(db):
    with pytest.raises(CommandError, match="文件不存在"):
        run("import_document", "/nonexistent/plan.txt")


def test_import_seeds_imports_all_five_once(agencies):
    agencies_before = Agency.objects.count()
    out, _ = run("import_seeds")
    assert Document.objects.count() == len(SEEDS) == 5
    assert Task.objects.count() == 63 + 14 + 40 + 12 + 38
    assert Agency.objects.count() == agencies_before  # every seed name is in fixtures/agencies.yaml
    before = row_counts()
    out, _ = run("import_seeds")
    assert out.count("已导入，跳过") == 5
    assert row_counts() == before


def test_import_seeds_creates_generic_groups_but_stops_on_unknown_units(agencies, tmp_path):
    (tmp_path / "a.txt").write_text(SMALL_PLAN.replace("测试新单位", "省直其他相关单位"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SMALL_PLAN.replace("7号", "8号"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 个文件未导入：b.txt"):
        run("import_seeds", "--dir", str(tmp_path))
    assert Agency.objects.get(name="省直其他相关单位").kind == "collective"
    assert list(Document.objects.values_list("source_filename", flat=True)) == ["a.txt"]
