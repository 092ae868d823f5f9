from agencies.roles import actor_for
from ops.health import sweep_is_stale


def sweep_banner(request):
    """`sweep_stale` for the office's banner in base.html; only office pages pay for the look-up."""
    if not actor_for(getattr(request, "user", None)).is_office:
        return {}
    return {"sweep_stale": sweep_is_stale()}
