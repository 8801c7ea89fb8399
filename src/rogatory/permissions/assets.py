"""Who may do what in asset recovery: exactly the case register's rules, through the cases.

An asset is seen by whoever may see one of the cases it is linked to (the members of the
authorities party to those cases, and the people a case is shared with); it is changed by an
officer of an authority that owns one of those cases. The secretariat and focal points see
aggregated statistics only, never an asset.
"""

import rules

from rogatory.permissions.cases import has_authority
from rogatory.permissions.predicates import (
    is_focal_point,
    is_officer,
    is_practitioner,
    is_secretariat,
)


@rules.predicate
def sees_a_linked_case(user, asset) -> bool:
    from rogatory.cases.selectors import visible_cases

    return bool(asset is not None and asset.pk
                and visible_cases(user).filter(assets=asset).exists())


@rules.predicate
def owns_a_linked_case(user, asset) -> bool:
    return bool(asset is not None and asset.pk and user.authority_id
                and asset.cases.filter(authority_id=user.authority_id).exists())


is_member = is_officer | is_practitioner

rules.add_perm("assets.view_register", is_member)
rules.add_perm("assets.create_asset", is_officer & has_authority)
rules.add_perm("assets.view_asset", is_member & sees_a_linked_case)
rules.add_perm("assets.change_asset", is_officer & owns_a_linked_case)
rules.add_perm("assets.view_statistics",
               is_secretariat | is_focal_point | (is_member & has_authority))
