"""`{{ user|person }}`: a user's name for the pages, also when the user row is gone.

Every user foreign key is SET NULL (accounts of staff who left are deleted;
reports entered in the admin have no author). `get_full_name|default:x.username`
raises VariableDoesNotExist on None, because Django resolves filter arguments
strictly: one deleted account made the task page a 500 for everyone.
"""

from django import template

register = template.Library()

UNKNOWN = "未记录"


@register.filter
def person(user) -> str:
    if user is None:
        return UNKNOWN
    return user.get_full_name() or user.username
