"""`{% workday_warning %}`: the office's banner when this or next year's holidays are not entered yet.

The role check stays in the template (`actor.is_office`, from agencies' context processor), so this bottom
layer needs nothing from agencies. One query at most, and none while the library covers both years.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from ..calendar import uncovered_years

register = template.Library()


def workday_warning_text(today=None) -> str:
    """The Chinese warning for the uncovered years, or "" when both are covered."""
    years = uncovered_years(today)
    if not years:
        return ""
    named = "、".join(f"{year}年" for year in years)
    return f"{named}的节假日安排尚未录入，工作日按周一至周五计算，请在“工作日历”中录入国务院办公厅通知"


@register.inclusion_tag("workdays/warning_banner.html")
def workday_warning():
    text = workday_warning_text()
    try:
        url = reverse("admin:workdays_calendarday_bulk_add") if text else ""
    except NoReverseMatch:  # a site without the admin still shows the words
        url = ""
    return {"text": text, "url": url}
