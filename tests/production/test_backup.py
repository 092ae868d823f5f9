"""A backup restored into a fresh database and a fresh media folder holds every task, report and attachment."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from reporting.models import ReportAttachment
from tests.factories import AgencyFactory, ReportFactory, task_with

from .servers import ROOT, database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def admin_connection():
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                            password=db.get("PASSWORD") or None, dbname="postgres")
    conn.autocommit = True
    return conn


@pytest.fixture
def fresh_database():
    name = f"fgf_restore_{uuid.uuid4().hex[:8]}"
    conn = admin_connection()  # not `with conn`: that would wrap CREATE DATABASE in a transaction
    with conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    yield name
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def manage(*args, database: str, media: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=database_url().rsplit("/", 1)[0] + f"/{database}", MEDIA_ROOT=str(media))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def rows(database: str, sql: str) -> list[tuple]:
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                            password=db.get("PASSWORD") or None, dbname=database)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        conn.close()


def attach(report, name: str, content: bytes) -> ReportAttachment:
    attachment = ReportAttachment(report=report, stored_name=f"{uuid.uuid4().hex}.bin", original_name=name,
                                  content_type="application/octet-stream", size=len(content))
    attachment.file.save(attachment.stored_name, ContentFile(content), save=True)
    return attachment


def test_backup_then_restore_into_a_fresh_installation_finds_everything(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    agency = AgencyFactory(name="湖南省备份测试局", short_name="备份局")
    tasks = [task_with(lead=[agency]) for _ in range(3)]
    reports = [ReportFactory(task=task, agency=agency, content=f"第{i}项进展：已完成。") for i, task in enumerate(tasks)]
    files = {
        "通报.docx": os.urandom(50_000),
        "照片.jpg": bytes(range(256)) * 40,
    }
    attachments = [attach(reports[0], name, content) for name, content in files.items()]

    call_command("backup", "--to", str(tmp_path / "backups"))
    (backup_dir,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in backup_dir.iterdir()} == {"database.dump", "media.tar", "manifest.json"}

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(backup_dir), database=fresh_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "任务 3 条，进展报告 3 条，附件 2 个" in result.stdout

    task_ids = {task.pk for task in tasks}
    assert {row[0] for row in rows(fresh_database, "SELECT id FROM tasks_task")} == task_ids
    assert sorted(rows(fresh_database, "SELECT id, content FROM tasks_progressreport")) == sorted(
        (report.pk, report.content) for report in reports)
    restored = dict(rows(fresh_database, "SELECT original_name, file FROM tasks_reportattachment"))
    assert set(restored) == set(files)
    for attachment in attachments:
        path = restored_media / restored[attachment.original_name]
        assert path.read_bytes() == files[attachment.original_name]

    # A second restore into what is now a full installation is refused, and changes nothing.
    again = manage("restore", str(backup_dir), database=fresh_database, media=tmp_path / "other-media")
    assert again.returncode != 0
    assert "目标数据库不是空的" in again.stderr and "--force" in again.stderr
    assert not (tmp_path / "other-media").exists()


def test_restore_detects_an_attachment_that_does_not_match_the_manifest(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    agency = AgencyFactory(name="湖南省校验测试局", short_name="校验局")
    attachment = attach(ReportFactory(task=task_with(lead=[agency]), agency=agency), "材料.pdf", b"%PDF-1.4 real")
    call_command("backup", "--to", str(tmp_path / "backups"))
    (backup_dir,) = (tmp_path / "backups").iterdir()
    # Tamper with the packed file: the manifest's checksum no longer matches.
    import tarfile

    with tarfile.open(backup_dir / "media.tar") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (tmp_path / "unpacked" / attachment.file.name).write_bytes(b"tampered")
    with tarfile.open(backup_dir / "media.tar", "w") as tar:
        tar.add(tmp_path / "unpacked", arcname=".")
    result = manage("restore", str(backup_dir), database=fresh_database, media=tmp_path / "restored")
    assert result.returncode != 0
    assert "附件缺失或内容与备份不符" in result.stderr
