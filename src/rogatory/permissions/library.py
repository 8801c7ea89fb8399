"""The library is public by default: everyone reads public items; restricted items are for
officials only (any signed-in user with a role). The secretariat curates the library."""

import rules

from rogatory.permissions.predicates import is_official, is_secretariat


@rules.predicate
def is_public_item(user, item) -> bool:
    return item is not None and not item.restricted


rules.add_perm("library.read_item", is_public_item | is_official)
rules.add_perm("library.read_restricted", is_official)
rules.add_perm("library.curate", is_secretariat)
# Django admin's model permissions for the curators.
for model in ("item", "provision", "tag"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"library.{action}_{model}", is_secretariat)
rules.add_perm("library.view_historicalitem", is_secretariat)
