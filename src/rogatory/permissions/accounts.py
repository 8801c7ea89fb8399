"""Who manages whom: the secretariat manages everyone (and so States' focal points);
a focal point manages the officers and practitioners of its own State, nobody else."""

import rules

from rogatory.accounts.models import Role
from rogatory.permissions.predicates import is_focal_point, is_secretariat, of_same_state

MANAGED_BY_FOCAL_POINT = (Role.OFFICER, Role.PRACTITIONER)


@rules.predicate
def is_managed_role(user, target) -> bool:
    return target is not None and target.role in MANAGED_BY_FOCAL_POINT


rules.add_perm("accounts.list_users", is_secretariat | is_focal_point)
rules.add_perm("accounts.manage_user",
               is_secretariat | (is_focal_point & of_same_state & is_managed_role))


def assignable_roles(user) -> list[str]:
    """The roles `user` may give to the accounts it creates or edits."""
    if is_secretariat(user):
        return list(Role.values)
    if is_focal_point(user):
        return list(MANAGED_BY_FOCAL_POINT)
    return []
