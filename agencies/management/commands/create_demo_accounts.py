from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agencies.choices import Role
from agencies.services import account_create, agencies_load

DEMO_PASSWORD = "demo12345"

# Agencies with many tasks in the seed documents, so the demo pages are not empty.
# (username, role, agency, 姓名): the names are invented, so that pages show people rather than logins.
DEMO_ACCOUNTS = [
    ("office", Role.OFFICE, None, "李督查"),
    ("leader", Role.LEADER, None, "周领导"),
    ("zwj_liaison", Role.LIAISON, "省政务局", "王小明"),
    ("zwj_head", Role.HEAD, "省政务局", "陈处长"),
    ("fgw_liaison", Role.LIAISON, "省发展改革委", "刘芳"),
    ("scjg_liaison", Role.LIAISON, "省市场监管局", "张伟"),
    ("sft_liaison", Role.LIAISON, "省司法厅", "赵敏"),
    ("xxsp_liaison", Role.LIAISON, "湘西州行政审批服务局", "彭湘"),
]


class Command(BaseCommand):
    help = f"创建演示账号（仅供 make run 本地演示，统一密码 {DEMO_PASSWORD}）；生产模式下拒绝执行。可重复运行。"

    def handle(self, *args, **options):
        # Read at call time, so that tests (and a misconfigured server) see the current mode.
        if settings.PRODUCTION:
            raise CommandError("生产模式下禁止创建演示账号：演示账号使用公开的统一密码。")
        agencies_load()
        users = get_user_model().objects
        existing = set(users.filter(
            username__in=[username for username, *_ in DEMO_ACCOUNTS]).values_list("username", flat=True))
        rows = []
        for username, role, agency, full_name in DEMO_ACCOUNTS:
            if username in existing:
                state = "已存在"
                users.filter(username=username, first_name="").update(first_name=full_name)  # made before names
            else:
                account_create(username=username, role=role, agency_name=agency, password=DEMO_PASSWORD,
                               full_name=full_name)
                state = "新建"
            rows.append((username, DEMO_PASSWORD, full_name, role.label, agency or "—", state))
        self._print_table(("用户名", "密码", "姓名", "角色", "单位", "状态"), rows)

    def _print_table(self, header, rows):
        widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write("  ".join(str(v) + " " * (w - _width(str(v))) for v, w in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
