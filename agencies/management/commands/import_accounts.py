import csv
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.accounts import AccountError, accounts_import_csv, generated_password
from fangguanfu.cells import safe_cell


class Command(BaseCommand):
    help = (
        "从 CSV 批量创建账号（列：username, role, agency, email，可选 password；也可用中文表头"
        "用户名、角色、单位、邮箱、密码）。任何一行有误则一个账号也不创建。"
        "未填密码的行生成随机密码，所有账号的初始密码写入结果文件（仅本人可读）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path")
        parser.add_argument("--output", help="结果文件，默认为 <CSV 文件名>.passwords.csv；不会覆盖已有文件")

    def handle(self, *args, csv_path, output, **options):
        source = Path(csv_path)
        target = Path(output) if output else source.with_suffix(".passwords.csv")
        try:
            with source.open(encoding="utf-8-sig", newline="") as handle:  # -sig: Excel writes a BOM
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {source}：{exc}") from exc
        for row in rows:
            if not (row.get("password") or row.get("密码")):
                row["password"] = generated_password()
        # Claim the result file first: accounts whose passwords cannot be written down would be lost.
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(f"结果文件 {target} 已存在，请先移走或用 --output 指定其他文件。") from exc
        try:
            users = accounts_import_csv(rows=rows)
        except AccountError as exc:
            os.close(fd)
            target.unlink()
            raise CommandError(str(exc)) from exc
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["username", "role", "agency", "email", "password"])
            for user, row in zip(users, rows, strict=True):
                agency = user.profile.agency.name if user.profile.agency_id else ""
                password = row.get("password") or row.get("密码")
                # Names and addresses come from the office's file and registry: a spreadsheet must not evaluate them.
                writer.writerow([safe_cell(user.username), user.profile.role, safe_cell(agency), safe_cell(user.email),
                                 password])
        self.stdout.write(self.style.SUCCESS(f"已创建 {len(users)} 个账号，初始密码见 {target}（请妥善保管后删除）。"))
