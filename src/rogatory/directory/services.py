"""Writes to the directory, in transactions, on top of the version their author saw.

A focal point's change takes effect at once (the State is the authority on its own entries)
and puts the entry in the secretariat's review queue; a secretariat change is approved as made.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from rogatory.core.concurrency import save_if_current
from rogatory.directory.models import Authority, Contact, Designation, Link, ReviewStatus
from rogatory.permissions.predicates import is_secretariat

CHILDREN: dict[str, type[models.Model]] = {
    "contacts": Contact, "designations": Designation, "links": Link}
CHILD_FIELDS = {
    "contacts": ["name", "title", "phones", "email", "fax"],
    "designations": ["basis", "instrument", "source", "as_of"],
    "links": ["kind", "title", "url"],
}


def _review(user) -> dict[str, Any]:
    """A focal point's change waits for review; the secretariat's (or the system's, from an
    import or the demo loader: user None) is approved as made."""
    if user is None or is_secretariat(user):
        return {"review_status": ReviewStatus.APPROVED, "approved_by": user,
                "approved_at": timezone.now()}
    return {"review_status": ReviewStatus.PENDING}


def _save_child(child: models.Model, user) -> None:
    child._history_user = user  # who made the change, for the history page
    child.full_clean(exclude=["authority"])
    child.save()


def replace_children(authority: Authority, kind: str, items: list[dict], user) -> None:
    """Make the authority's `kind` match `items`: items with an id update that child, items
    without are added, children not listed are removed. Unchanged children are not touched."""
    model = CHILDREN[kind]
    existing = {child.pk: child for child in model.objects.filter(authority=authority)}
    kept = set()
    for index, item in enumerate(items):
        child = existing.get(item.get("id")) or model(authority=authority)
        values = {name: item[name] for name in CHILD_FIELDS[kind] if name in item}
        if child.pk and all(getattr(child, name) == value for name, value in values.items()):
            kept.add(child.pk)
            continue
        for name, value in values.items():
            setattr(child, name, value)
        try:
            _save_child(child, user)
        except ValidationError as error:
            raise ValidationError({kind: [f"{index + 1}: {message}"
                                          for message in error.messages]}) from error
        kept.add(child.pk)
    for pk, child in existing.items():
        if pk not in kept:
            child._history_user = user
            child.delete()


@transaction.atomic
def create_authority(user, values: dict[str, Any],
                     children: dict[str, list[dict]] | None = None) -> Authority:
    authority = Authority(**values, **_review(user))
    authority._history_user = user
    authority.full_clean()
    authority.save()
    for kind, items in (children or {}).items():
        replace_children(authority, kind, items, user)
    return authority


@transaction.atomic
def update_authority(authority: Authority, expected_version: int, values: dict[str, Any],
                     user, children: dict[str, list[dict]] | None = None) -> Authority:
    """Save `values` (and replace the listed children) or raise ConflictError, nothing written.

    The version moves on even when only a contact changed, so two people editing the same
    entry's contacts also see each other's changes."""
    # `_history_user` is set on the fresh copy save_if_current saves, for the history.
    changes = {**values, **_review(user), "_history_user": user}
    authority = save_if_current(authority, expected_version, changes)
    for kind, items in (children or {}).items():
        replace_children(authority, kind, items, user)
    return authority


def verify(authority: Authority, expected_version: int, user) -> Authority:
    """The entry was checked and is current as of today."""
    return save_if_current(authority, expected_version, {
        "last_verified": timezone.localdate(), "verified_by": user, "_history_user": user})


def approve(authority: Authority, expected_version: int, user) -> Authority:
    """The secretariat has reviewed the entry's changes."""
    return save_if_current(authority, expected_version, {
        "review_status": ReviewStatus.APPROVED, "approved_by": user,
        "approved_at": timezone.now(), "_history_user": user})
