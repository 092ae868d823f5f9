from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q

from .choices import AGENCY_ROLES, AgencyKind, Role


def validate_email_lines(value: str) -> None:
    for line in value.splitlines():
        if line.strip():
            try:
                validate_email(line.strip())
            except ValidationError as exc:
                raise ValidationError(f"邮箱地址无效：{line.strip()}") from exc


class Agency(models.Model):
    """A responsible unit as it is officially named.

    A unit of kind COLLECTIVE stands for a set of units (各市州人民政府): tasks
    may be assigned to the collective as printed, and every member sees them.
    """

    name = models.CharField("全称", max_length=120, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("类别", max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    members = models.ManyToManyField(
        "self", verbose_name="成员单位（集合名称时）", symmetrical=False, blank=True, related_name="collectives"
    )
    is_active = models.BooleanField("启用", default=True)
    contact_emails = models.TextField("提醒邮箱", blank=True, help_text="每行一个邮箱地址", validators=[validate_email_lines])
    webhook_url = models.URLField("提醒 Webhook", blank=True, help_text="如政务微信/钉钉机器人地址，可留空")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_collective(self) -> bool:
        return self.kind == AgencyKind.COLLECTIVE

    @property
    def email_list(self) -> list[str]:
        return [line.strip() for line in self.contact_emails.splitlines() if line.strip()]


class AgencyAlias(models.Model):
    """A name under which documents print an agency (省发展改革委, 省发改委…)."""

    agency = models.ForeignKey(Agency, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("别名", max_length=120, unique=True)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserProfile(models.Model):
    """Which role a user plays and, for liaisons and heads, for which agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="profiles"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.CheckConstraint(
                name="profile_agency_role_has_agency",
                condition=~Q(role__in=sorted(AGENCY_ROLES)) | Q(agency__isnull=False),
                violation_error_message="联络员和单位负责人必须属于一个单位。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
