"""Who may write requests and see a draft.

Officers and practitioners write requests. A draft is seen and edited only by its author and by
the colleagues of the author's authority it is shared with; everyone else gets 404 (drafts
outside a user's scope are filtered out, see `writer.selectors.drafts_visible_to`). Only the
author shares a draft; an officer of the draft's authority sends it.

A practitioner hands a finished draft over to a central authority of its State: from then on
the officers of that authority see it, edit it, return it or accept it, and, once accepted,
send it; the author only reads it until it comes back.
"""

import rules

from rogatory.permissions.predicates import is_officer, is_practitioner, of_same_authority

HANDED_OVER = ("in_review", "accepted", "sent")


@rules.predicate
def is_author(user, draft) -> bool:
    return draft is not None and draft.author_id == user.pk


@rules.predicate
def is_shared_with(user, draft) -> bool:
    return draft is not None and draft.shared_with.filter(pk=user.pk).exists()


@rules.predicate
def is_draft(user, draft) -> bool:
    """Its writers may change it: never handed over, or returned to them."""
    return draft is not None and draft.status in ("draft", "returned")


@rules.predicate
def is_in_review(user, draft) -> bool:
    return draft is not None and draft.status == "in_review"


@rules.predicate
def is_accepted(user, draft) -> bool:
    return draft is not None and draft.status == "accepted"


@rules.predicate
def is_handed_over(user, draft) -> bool:
    """With its reviewing authority: waiting, accepted or sent (a returned draft is not)."""
    return draft is not None and draft.status in HANDED_OVER


@rules.predicate
def of_reviewing_authority(user, draft) -> bool:
    """The user works at the authority the draft was handed to."""
    return (draft is not None and user.authority_id is not None
            and draft.review_authority_id == user.authority_id)


writes_requests = is_officer | is_practitioner
can_see = writes_requests & (is_author | (is_shared_with & of_same_authority))
reviews = is_officer & of_reviewing_authority

rules.add_perm("writer.use", writes_requests)
rules.add_perm("writer.view_draft", can_see | (reviews & is_handed_over))
rules.add_perm("writer.change_draft", (can_see & is_draft) | (reviews & (is_in_review |
                                                                         is_accepted)))
rules.add_perm("writer.share_draft", writes_requests & is_author & is_draft)
rules.add_perm("writer.submit_draft", is_practitioner & is_author & is_draft)
rules.add_perm("writer.review_draft", reviews & is_in_review)
rules.add_perm("writer.send_draft", (is_officer & can_see & is_draft & of_same_authority)
               | (reviews & is_accepted))
