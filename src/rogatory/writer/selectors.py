from django.db.models import Count, Q, QuerySet

from rogatory.accounts.models import User
from rogatory.directory.models import Authority
from rogatory.permissions.writer import HANDED_OVER, writes_requests
from rogatory.writer.models import RequestDraft, ReviewEvent


def drafts_visible_to(user: User) -> QuerySet[RequestDraft]:
    """The author's own drafts, those shared with the user inside the user's authority, and,
    for an officer, those handed over to the officer's authority (not once returned)."""
    drafts = RequestDraft.objects.select_related("requested_state", "author", "authority",
                                                 "review_authority")
    if not writes_requests(user):
        return drafts.none()
    scope = Q(author=user)
    if user.authority_id:
        scope |= Q(shared_with=user, authority_id=user.authority_id)
        if user.role == "officer":
            scope |= Q(review_authority_id=user.authority_id, status__in=HANDED_OVER)
    ids = RequestDraft.objects.filter(scope).values("pk")
    return drafts.filter(pk__in=ids)


def colleagues(draft: RequestDraft) -> QuerySet[User]:
    """Who the draft may be shared with: the active writers of its authority, not its author."""
    if draft.authority_id is None:
        return User.objects.none()
    return (User.objects.filter(authority_id=draft.authority_id, is_active=True,
                                role__in=("officer", "practitioner"))
            .exclude(pk=draft.author_id).order_by("full_name", "email"))


def review_queue(user: User) -> QuerySet[RequestDraft]:
    """The drafts waiting for the officer's authority, then those it accepted and has not sent
    yet; empty for anyone but an officer."""
    if user.role != "officer" or not user.authority_id or not writes_requests(user):
        return RequestDraft.objects.none()
    return (RequestDraft.objects.filter(
        review_authority_id=user.authority_id,
        status__in=(RequestDraft.Status.IN_REVIEW, RequestDraft.Status.ACCEPTED))
        .select_related("author", "requested_state", "review_authority")
        .order_by("-status", "updated"))


def officers_of(authority_id: int) -> QuerySet[User]:
    return User.objects.filter(authority_id=authority_id, role="officer", is_active=True)


def review_authorities(draft: RequestDraft) -> list[Authority]:
    """The central authorities (directory part 1) of the draft's requesting State that have
    an active officer to review it, those that handle this kind of request first."""
    candidates = (Authority.objects.filter(state_id=draft.requesting_state_id,
                                           part=Authority.Part.CENTRAL)
                  .annotate(officers=Count("users", filter=Q(users__role="officer",
                                                             users__is_active=True)))
                  .filter(officers__gt=0))
    return sorted(candidates, key=lambda authority: (
        draft.kind not in (authority.functions or []), authority.name_en or authority.name,
        authority.pk))


def timeline(draft: RequestDraft) -> QuerySet[ReviewEvent]:
    return draft.review_events.select_related("actor", "authority")
