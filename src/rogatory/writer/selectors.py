from django.db.models import Q, QuerySet

from rogatory.accounts.models import User
from rogatory.permissions.writer import writes_requests
from rogatory.writer.models import RequestDraft


def drafts_visible_to(user: User) -> QuerySet[RequestDraft]:
    """The author's own drafts and those shared with the user inside the user's authority."""
    drafts = RequestDraft.objects.select_related("requested_state", "author", "authority")
    if not writes_requests(user):
        return drafts.none()
    shared = Q(shared_with=user, authority_id=user.authority_id) if user.authority_id else Q(
        pk__in=[])
    ids = RequestDraft.objects.filter(Q(author=user) | shared).values("pk")
    return drafts.filter(pk__in=ids)


def colleagues(draft: RequestDraft) -> QuerySet[User]:
    """Who the draft may be shared with: the active writers of its authority, not its author."""
    if draft.authority_id is None:
        return User.objects.none()
    return (User.objects.filter(authority_id=draft.authority_id, is_active=True,
                                role__in=("officer", "practitioner"))
            .exclude(pk=draft.author_id).order_by("full_name", "email"))
