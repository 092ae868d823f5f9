"""Who the current user is for the app: role and agency, read once per request."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from .choices import Role


@dataclass(frozen=True)
class Actor:
    role: str | None
    agency_id: int | None
    agency_name: str = ""

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.OFFICE, Role.LEADER)

    @property
    def acts_for_agency(self) -> bool:
        return self.role in (Role.LIAISON, Role.HEAD) and self.agency_id is not None

    @property
    def is_head(self) -> bool:
        return self.role == Role.HEAD


NOBODY = Actor(role=None, agency_id=None)


def actor_for(user) -> Actor:
    """The user's role; superusers act as office staff. Cached on the user object."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_fangguanfu_actor", None)
    if cached is not None:
        return cached
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        profile = None
    if profile is not None:
        actor = Actor(role=profile.role, agency_id=profile.agency_id,
                      agency_name=str(profile.agency) if profile.agency_id else "")
    elif user.is_superuser:
        actor = Actor(role=Role.OFFICE, agency_id=None)
    else:
        actor = NOBODY
    user._fangguanfu_actor = actor
    return actor
