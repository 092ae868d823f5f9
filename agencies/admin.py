from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Agency, AgencyAlias, UserProfile


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["members"]
    inlines = [AliasInline]


@admin.register(AgencyAlias)
class AgencyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency"]


class ProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    autocomplete_fields = ["agency"]
    verbose_name_plural = "角色与单位"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class FangguanfuUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "email", "profile_role", "profile_agency", "is_active"]
    list_select_related = ["profile", "profile__agency"]
    list_filter = ["profile__role", "is_active", "groups"]
    search_fields = ["username", "first_name", "email", "profile__agency__name"]

    @admin.display(description="角色")
    def profile_role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description="单位")
    def profile_agency(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.agency if profile and profile.agency_id else "—"
