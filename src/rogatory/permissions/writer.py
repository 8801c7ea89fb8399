"""Who may write requests and see a draft.

Officers and practitioners write requests. A draft is seen and edited only by its author and by
the colleagues of the author's authority it is shared with; everyone else gets 404 (drafts
outside a user's scope are filtered out, see `writer.selectors.drafts_visible_to`). Only the
author shares a draft; an officer of the draft's authority sends it.
"""

import rules

from rogatory.permissions.predicates import is_officer, is_practitioner, of_same_authority


@rules.predicate
def is_author(user, draft) -> bool:
    return draft is not None and draft.author_id == user.pk


@rules.predicate
def is_shared_with(user, draft) -> bool:
    return draft is not None and draft.shared_with.filter(pk=user.pk).exists()


@rules.predicate
def is_draft(user, draft) -> bool:
    return draft is not None and draft.status == "draft"


writes_requests = is_officer | is_practitioner
can_see = writes_requests & (is_author | (is_shared_with & of_same_authority))

rules.add_perm("writer.use", writes_requests)
rules.add_perm("writer.view_draft", can_see)
rules.add_perm("writer.change_draft", can_see & is_draft)
rules.add_perm("writer.share_draft", writes_requests & is_author & is_draft)
rules.add_perm("writer.send_draft", is_officer & can_see & is_draft & of_same_authority)
