"""The directory is restricted, as UNODC's is: the public sees that a central authority
exists and what it does; signed-in officials see contacts and part 2. A focal point keeps
its own State's entries; the secretariat keeps all and approves changes."""

import rules

from rogatory.permissions.predicates import (
    is_focal_point,
    is_official,
    is_secretariat,
    of_same_state,
)

# Contacts, part 2, requirements, exports: any signed-in official.
rules.add_perm("directory.view_restricted", is_official)
rules.add_perm("directory.export", is_official)
# Creating: the secretariat anywhere, a focal point in its own State (checked on the object).
rules.add_perm("directory.add_authority", is_secretariat | is_focal_point)
rules.add_perm("directory.change_authority", is_secretariat | (is_focal_point & of_same_state))
rules.add_perm("directory.view_history", is_secretariat | (is_focal_point & of_same_state))
rules.add_perm("directory.approve", is_secretariat)
rules.add_perm("directory.import", is_secretariat)
