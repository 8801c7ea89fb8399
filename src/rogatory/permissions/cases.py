"""Who may do what in the case register.

A case is seen only by the members of its owning authority (its officers, and practitioners
of that authority) and by the people it is explicitly shared with; only the authority's
officers change it. The secretariat sees aggregated statistics of every authority and focal
points those of their own State, never a case itself.
"""

import rules

from rogatory.permissions.predicates import (
    is_focal_point,
    is_officer,
    is_practitioner,
    is_secretariat,
    of_same_authority,
)


@rules.predicate
def has_authority(user) -> bool:
    return bool(user.is_authenticated and user.authority_id)


@rules.predicate
def is_shared_with(user, case) -> bool:
    return bool(case is not None and user.is_authenticated
                and case.shares.filter(user=user).exists())


is_member = (is_officer | is_practitioner) & of_same_authority
is_owning_officer = is_officer & of_same_authority

rules.add_perm("cases.view_register", is_officer | is_practitioner)
rules.add_perm("cases.register_case", is_officer & has_authority)
rules.add_perm("cases.view_case", is_member | ((is_officer | is_practitioner) & is_shared_with))
rules.add_perm("cases.change_case", is_owning_officer)
rules.add_perm("cases.transition_case", is_owning_officer)
rules.add_perm("cases.share_case", is_owning_officer)
rules.add_perm("cases.add_document", is_owning_officer)
rules.add_perm("cases.add_correspondence", is_owning_officer)
rules.add_perm("cases.add_note", is_member | ((is_officer | is_practitioner) & is_shared_with))
rules.add_perm("cases.view_statistics",
               is_secretariat | is_focal_point | ((is_officer | is_practitioner) & has_authority))
