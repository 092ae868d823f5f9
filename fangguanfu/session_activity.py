"""Sessions end after SESSION_COOKIE_AGE without activity, at the cost of one write a minute, not one a page.

Django's SESSION_SAVE_EVERY_REQUEST pushes the expiry on with a session UPDATE on every request,
which is three of the ten-odd queries of a list page. Touching the session only when the last
recorded activity is older than ACTIVITY_RESOLUTION keeps the inactivity timeout (to the minute)
and lets every other request read the session without writing it.
"""

import time

from django.contrib.auth import SESSION_KEY

ACTIVITY_KEY = "_last_activity"
ACTIVITY_RESOLUTION = 60  # seconds


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that carry a login: an API call authenticated by token must not create one.
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            if now - int(session.get(ACTIVITY_KEY, 0)) >= ACTIVITY_RESOLUTION:
                session[ACTIVITY_KEY] = now  # marks the session modified: SessionMiddleware saves it, new expiry
        return response


def mark_login_as_activity(sender, request, user, **kwargs):
    """A login is activity: recorded in the session login writes anyway, so the next page need not write."""
    if getattr(request, "session", None) is not None:
        request.session[ACTIVITY_KEY] = int(time.time())
