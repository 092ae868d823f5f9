"""Backup and restore of the database and the uploaded evidence, as one directory.

    <dir>/database.dump   pg_dump custom format
    <dir>/media.tar       every file under MEDIA_ROOT
    <dir>/manifest.json   counts of tasks, reports, attachments and each attachment's SHA-256

Consistency: the manifest's counts and the dump come from one PostgreSQL
snapshot (pg_export_snapshot, then pg_dump --snapshot), and the files are
packed after it, so every attachment row in the dump has its file in the tar
(a file uploaded meanwhile is extra, never missing). The restore checks the
counts and every checksum against the manifest.

The workflow tables are found through Django's model registry by model name,
not by importing the workflow apps, so the split of tasks/ into several apps
does not break this module.
"""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

FORMAT = 1
COUNTED = {"tasks": "task", "reports": "progressreport", "attachments": "reportattachment"}


class BackupError(Exception):
    """A Chinese message for the operator; nothing was restored or the backup is incomplete."""


def _model(model_name: str):
    found = [m for m in apps.get_models() if m._meta.model_name == model_name]
    if len(found) != 1:
        raise BackupError(f"找不到数据表：{model_name}")
    return found[0]


def _table(model_name: str) -> str:
    return connection.ops.quote_name(_model(model_name)._meta.db_table)


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise BackupError("备份与恢复只支持 PostgreSQL（DATABASE_URL=postgres://…）。")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败（退出码 {result.returncode}）：{result.stderr.strip()[-1500:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _counts_and_files(cursor) -> tuple[dict, list[str]]:
    counts = {}
    for key, model_name in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {_table(model_name)}")
        counts[key] = cursor.fetchone()[0]
    cursor.execute(f"SELECT file FROM {_table('reportattachment')} ORDER BY id")
    return counts, [row[0] for row in cursor.fetchall()]


def backup(target_dir: Path, now: datetime.datetime | None = None) -> Path:
    now = now or datetime.datetime.now()
    out = Path(target_dir) / f"fangguanfu-{now:%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=False)
    env, args = _pg_env_and_args()
    media = Path(settings.MEDIA_ROOT)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, files = _counts_and_files(cursor)
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            migrations = cursor.fetchone()[0]
            # pg_dump reads the very snapshot the counts came from, while this transaction holds it open.
            _run(["pg_dump", *args, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "-f", str(out / "database.dump"), settings.DATABASES["default"]["NAME"]], env)
    missing = [name for name in files if not (media / name).is_file()]
    if missing:
        raise BackupError(f"{len(missing)} 个附件在 MEDIA_ROOT 中找不到，例如 {missing[0]}；备份不完整。")
    with tarfile.open(out / "media.tar", "w") as tar:
        if media.is_dir():
            tar.add(media, arcname=".")
    manifest = {
        "format": FORMAT, "created_at": now.isoformat(), "database": settings.DATABASES["default"]["NAME"],
        "applied_migrations": migrations, "counts": counts,
        "attachments": [{"path": name, "sha256": _sha256(media / name)} for name in files],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def _public_tables(cursor) -> int:
    cursor.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
    return cursor.fetchone()[0]


def restore(source_dir: Path, force: bool = False) -> dict:
    source = Path(source_dir)
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} 不是完整的备份目录（manifest.json 无法读取）。") from exc
    for name in ("database.dump", "media.tar"):
        if not (source / name).is_file():
            raise BackupError(f"备份目录缺少 {name}。")
    media = Path(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        tables = _public_tables(cursor)
    if tables and not force:
        raise BackupError(f"目标数据库不是空的（已有 {tables} 张表），拒绝恢复。确认要覆盖现有数据请加 --force。")
    if media.is_dir() and any(media.iterdir()) and not force:
        raise BackupError(f"附件目录 {media} 不是空的，拒绝恢复。确认要覆盖请加 --force。")
    env, args = _pg_env_and_args()
    connection.close()  # pg_restore --clean must be able to drop what this connection might hold
    clean = ["--clean", "--if-exists"] if force and tables else []
    _run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error", *clean,
          "-d", settings.DATABASES["default"]["NAME"], str(source / "database.dump")], env)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as tar:
        tar.extractall(media, filter="data")  # no absolute paths, no "..", no device files
    return verify(manifest)


def verify(manifest: dict) -> dict:
    media = Path(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        counts, files = _counts_and_files(cursor)
    if counts != manifest["counts"]:
        raise BackupError(f"恢复后的条数与备份清单不符：清单 {manifest['counts']}，数据库 {counts}。")
    expected = {item["path"]: item["sha256"] for item in manifest["attachments"]}
    bad = [name for name in files if not (media / name).is_file() or _sha256(media / name) != expected.get(name)]
    if bad:
        raise BackupError(f"{len(bad)} 个附件缺失或内容与备份不符，例如 {bad[0]}。")
    return counts
