"""A person as the admin lists show them: 姓名, with the login as fallback (User.__str__ is the login)."""

from django.contrib import admin


def person_name(user) -> str:
    if user is None:
        return "—"
    full = user.get_full_name()
    return f"{full}（{user.username}）" if full else user.username


def person_column(field: str, description: str):
    """A list_display column for the user in `field`; the admin must list_select_related it."""

    @admin.display(description=description, ordering=f"{field}__first_name")
    def column(self, obj):
        return person_name(getattr(obj, field))

    column.__name__ = f"{field}_name"
    return column
