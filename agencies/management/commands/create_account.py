import getpass
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.choices import Role
from agencies.services import AccountError, account_create


def read_password_file(path: str) -> str:
    """The first line of the file, without its line break (a password may contain spaces)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"无法读取密码文件 {path}：{exc}") from exc
    if not lines or not lines[0]:
        raise CommandError(f"密码文件 {path} 的第一行为空。")
    return lines[0]


def prompt_password() -> str:
    # A password never goes on the command line, where `ps` and shell history would keep it.
    if not sys.stdin.isatty():
        raise CommandError("非交互环境中无法输入密码，请用 --password-file 指定密码文件。")
    password = getpass.getpass("密码：")
    if password != getpass.getpass("再次输入密码："):
        raise CommandError("两次输入的密码不一致，未创建账号。")
    return password


class Command(BaseCommand):
    help = "创建一个账号：督查室工作人员、领导、单位联络员或单位负责人。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--agency", help="所属单位的全称、简称或别名（联络员、单位负责人必填）")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-file", help="从文件第一行读取密码；不指定时交互输入两次")

    def handle(self, *args, username, role, agency, email, password_file, **options):
        password = read_password_file(password_file) if password_file else prompt_password()
        try:
            user = account_create(username=username, role=role, agency_name=agency, email=email, password=password)
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        where = f"，单位：{user.profile.agency.name}" if user.profile.agency_id else ""
        self.stdout.write(self.style.SUCCESS(f"已创建账号 {user.username}（{user.profile.get_role_display()}{where}）。"))
