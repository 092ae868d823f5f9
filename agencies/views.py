from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from agencies.roles import actor_for


@login_required
def home(request):
    """Leadership lands on the dashboard; everyone else on their task list."""
    actor = actor_for(request.user)
    if actor.is_leader:
        return redirect("dashboard:index")
    return redirect("tasks:list")
