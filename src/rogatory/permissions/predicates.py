"""Who a user is. Shared by every domain's rules."""

import rules

from rogatory.accounts.models import Role


def _has_role(user, role: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == role)


@rules.predicate
def is_secretariat(user) -> bool:
    return _has_role(user, Role.SECRETARIAT)


@rules.predicate
def is_focal_point(user) -> bool:
    return _has_role(user, Role.FOCAL_POINT)


@rules.predicate
def is_officer(user) -> bool:
    return _has_role(user, Role.OFFICER)


@rules.predicate
def is_practitioner(user) -> bool:
    return _has_role(user, Role.PRACTITIONER)


# An official is any signed-in, active user with a role: the public is everyone else.
is_official = is_secretariat | is_focal_point | is_officer | is_practitioner


@rules.predicate
def of_same_state(user, obj) -> bool:
    """The object (anything with a state_id) belongs to the user's own State."""
    return obj is not None and user.state_id is not None and obj.state_id == user.state_id


@rules.predicate
def of_same_authority(user, obj) -> bool:
    """The object (anything with an authority_id) belongs to the user's own authority."""
    return (obj is not None and user.authority_id is not None
            and obj.authority_id == user.authority_id)
