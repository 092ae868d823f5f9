from .roles import actor_for


def current_role(request):
    """Expose the user's role to every template as `actor`."""
    return {"actor": actor_for(getattr(request, "user", None))}
