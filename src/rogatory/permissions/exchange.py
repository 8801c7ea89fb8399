"""Who may open the exchange between authorities (docs/exchange.md). Messages themselves are
filtered by `exchange.selectors.messages_visible_to`: officers of the local authority only."""

import rules

from rogatory.permissions.cases import has_authority
from rogatory.permissions.predicates import is_officer

rules.add_perm("exchange.view_inbox", is_officer & has_authority)
