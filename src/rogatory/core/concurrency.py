"""Optimistic concurrency: a change is saved only on top of the version its author saw."""

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound="Versioned")


class ConflictError(Exception):
    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _("Someone else saved this record first (now version %(version)s). "
              "Reload it, reapply your change and save again.") % {"version": current_version}
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_if_current(instance: M, expected: int, changes: dict[str, Any]) -> M:
    """Apply `changes` and bump the version, or raise ConflictError if it moved on."""
    with transaction.atomic():
        current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        if current.version != expected:
            raise ConflictError(current.version)
        for field, value in changes.items():
            setattr(current, field, value)
        current.version = expected + 1
        current.full_clean()
        current.save()
    return current
