"""账号 in the admin, as the office (督查室) manages them: create, 姓名 and phone, role, reset password, deactivate.

The office's group may view, add and change users (agencies 0003), never delete:
a person who leaves is deactivated. A non-superuser never sees superusers nor
the fields that grant power (superuser, staff, groups, permissions): staff
status and the role group follow the profile's role (accounts.role_sync), so
the office cannot make anyone more than office staff. A file of accounts is
imported on the page of account_import_view, with a dry run.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.forms.models import BaseInlineFormSet
from django.urls import path

from .accounts import profile_problems, role_sync
from .models import UserProfile

User = get_user_model()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = UserProfile
        fields = ["role", "agency", "phone"]

    def clean(self):
        data = super().clean()
        for problem in profile_problems(data.get("role"), data.get("agency")):
            self.add_error("agency", problem)
        return data


class ProfileFormSet(BaseInlineFormSet):
    default_error_messages = {"too_few_forms": "请填写账号的角色（联络员和单位负责人还要选择所属单位）。"}


class ProfileInline(admin.StackedInline):
    model = UserProfile
    form = ProfileForm
    formset = ProfileFormSet
    can_delete = False
    autocomplete_fields = ["agency"]
    verbose_name = verbose_name_plural = "角色、单位与电话"

    def get_min_num(self, request, obj=None, **kwargs):
        # Everyone the office creates has a role; a superuser may keep one without (it acts as office).
        return 0 if request.user.is_superuser else 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "full_name", "profile_role", "profile_agency", "profile_phone", "is_active"]
    list_select_related = ["profile", "profile__agency"]
    list_filter = ["profile__role", "is_active"]
    search_fields = ["username", "first_name", "email", "profile__agency__name", "profile__phone"]
    actions = ["deactivate", "activate"]
    change_list_template = "admin/auth/user/change_list_with_import.html"
    add_form_template = "admin/auth/user/account_add_form.html"
    office_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["first_name", "email"]}),
        ("状态", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    office_add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "first_name", "email", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.office_add_fieldsets if obj is None else self.office_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["last_login", "date_joined"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "first_name":
            field.label, field.help_text = "姓名", "页面、报送和时间线上显示的姓名，如“王小明”"
        return field

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if UserProfile.objects.filter(user=user).exists():
            user.refresh_from_db(fields=["is_staff"])
            role_sync(user)

    def get_urls(self):
        from .account_import import account_import_view

        custom = [path("import/", self.admin_site.admin_view(account_import_view(self)),
                       name="auth_user_import")]
        return custom + super().get_urls()

    @admin.display(description="姓名", ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    @admin.display(description="角色")
    def profile_role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description="单位")
    def profile_agency(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.agency if profile and profile.agency_id else "—"

    @admin.display(description="联系电话")
    def profile_phone(self, obj):
        profile = getattr(obj, "profile", None)
        return (profile.phone if profile else "") or "—"

    @admin.action(description="停用所选账号（不能再登录，历史记录保留）", permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, f"已停用 {count} 个账号。", messages.SUCCESS)

    @admin.action(description="启用所选账号", permissions=["change"])
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, f"已启用 {count} 个账号。", messages.SUCCESS)
