"""Reads of the directory: who may see what, search filters, routing, history."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rogatory.directory.models import (
    BASIS_INSTRUMENT,
    STALE_AFTER,
    Authority,
    Contact,
    Designation,
    Function,
    Link,
)
from rogatory.permissions.predicates import is_focal_point, is_official, is_secretariat
from rogatory.states.models import State

FILTERS = ("state", "function", "instrument", "language", "channel", "part", "stale", "q")
# Filters on fields the public may not see: even narrowing a public list by them would tell
# the public their values, so they apply for officials only.
RESTRICTED_FILTERS = ("instrument", "language", "channel", "stale")


def filters_for(user) -> tuple[str, ...]:
    """The directory filters this user may use."""
    if is_official(user):
        return FILTERS
    return tuple(name for name in FILTERS if name not in RESTRICTED_FILTERS)


def visible_authorities(user) -> QuerySet[Authority]:
    """The public sees part 1 only (never contacts, which the views leave out); officials all."""
    authorities = Authority.objects.select_related("state", "verified_by")
    return authorities if is_official(user) else authorities.filter(part=Authority.Part.CENTRAL)


def editable_authorities(user) -> QuerySet[Authority]:
    if is_secretariat(user):
        return Authority.objects.all()
    if is_focal_point(user):
        return Authority.objects.filter(state=user.state_id)
    return Authority.objects.none()


def has_item(field_name: str, value: str) -> Q:
    """A JSON list field holds `value` (JSON containment where the database has it)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": json.dumps(value)})


def stale_cutoff() -> datetime.date:
    return timezone.localdate() - STALE_AFTER


def stale_q() -> Q:
    return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff())


def filter_authorities(user, authorities: QuerySet[Authority], params: dict
                       ) -> QuerySet[Authority]:
    """Apply the search filters (State, function, instrument, language, channel, part, stale)
    the user may use; the others are ignored."""
    allowed = filters_for(user)
    value = {key: str(params.get(key) or "").strip() if key in allowed else ""
             for key in FILTERS}
    if value["state"]:
        authorities = authorities.filter(state=value["state"].upper())
    if value["function"]:
        authorities = authorities.filter(has_item("functions", value["function"]))
    if value["instrument"]:
        authorities = authorities.filter(designations__instrument=value["instrument"]).distinct()
    if value["language"]:
        authorities = authorities.filter(has_item("languages", value["language"].lower()))
    if value["channel"]:
        authorities = authorities.filter(has_item("channels", value["channel"]))
    if value["part"] in ("1", "2"):
        authorities = authorities.filter(part=int(value["part"]))
    if value["stale"].lower() in ("1", "true", "yes"):
        authorities = authorities.filter(stale_q())
    if value["q"]:
        authorities = authorities.filter(Q(name__icontains=value["q"])
                                         | Q(name_en__icontains=value["q"]))
    return authorities


def stale_authorities(state_id: str | None = None) -> QuerySet[Authority]:
    authorities = Authority.objects.filter(stale_q()).select_related("state")
    return authorities.filter(state=state_id) if state_id else authorities


# --- routing ---------------------------------------------------------------------------

ROUTING_FUNCTIONS = tuple(Function.values)


def _designated_for(authority: Authority, assistance: str) -> bool:
    return any(BASIS_INSTRUMENT.get(d.basis, (None, ""))[1] == assistance
               for d in authority.designations.all())


def _rank(authority: Authority, assistance: str) -> tuple:
    """Part 1 first; then designated under a provision for this function; then the most
    recently verified; then the oldest entry."""
    verified = authority.last_verified or datetime.date.min
    return (authority.part, not _designated_for(authority, assistance),
            -verified.toordinal(), authority.pk)


def find_authority(state: str, assistance: str) -> Authority | None:
    candidates = (Authority.objects.filter(state=state).filter(has_item("functions", assistance))
                  .select_related("state", "urgent_authority").prefetch_related("designations"))
    ranked = sorted(candidates, key=lambda authority: _rank(authority, assistance))
    return ranked[0] if ranked else None


def route(state: str, assistance: str, urgent: bool = False) -> dict | None:
    """Where a request of `assistance` to `state` goes (CONTRACTS.md); None when unknown.

    Raises ValueError for an unknown State or type of assistance.
    """
    state = (state or "").upper()
    if not State.objects.filter(alpha2=state).exists():
        raise ValueError(_("Unknown State code: %(code)s") % {"code": state})
    if assistance not in ROUTING_FUNCTIONS:
        raise ValueError(_("Unknown type of assistance: %(code)s. Use one of: %(codes)s")
                         % {"code": assistance, "codes": ", ".join(ROUTING_FUNCTIONS)})
    central = find_authority(state, assistance)
    if central is None:
        return None
    receiver = central.urgent_authority if urgent and central.urgent_authority_id else central
    channels = (receiver.urgent_channels or receiver.channels) if urgent else receiver.channels
    return {
        "state": state, "assistance": assistance, "urgent": urgent,
        "authority": {"id": receiver.pk, "name": receiver.name, "name_en": receiver.name_en,
                      "state": receiver.state_id, "part": receiver.part},
        "languages": list(receiver.languages),
        "certified_translation": receiver.certified_translation,
        "channels": list(channels),
        "original_required": receiver.original_required,
        "urgent_procedure": central.urgent_procedure or receiver.urgent_procedure,
        "requirements": receiver.requirements(),
        "last_verified": receiver.last_verified.isoformat() if receiver.last_verified else None,
        "stale": receiver.is_stale,
        "source": receiver.source,
        "as_of": receiver.as_of.isoformat() if receiver.as_of else None,
    }


# --- history ---------------------------------------------------------------------------

HIDDEN_IN_HISTORY = {"version", "history_user", "approved_at"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    what: str  # the authority itself, or "contact: Name", ...
    kind: str  # "+", "~", "-"
    changes: list[Change] = field(default_factory=list)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists
        return name


def _entries(records, model, what) -> list[HistoryEntry]:
    """Turn one object's historical records (newest first) into entries with field diffs."""
    records = list(records)
    names = [f.name for f in model._meta.fields if f.name not in HIDDEN_IN_HISTORY
             and f.name not in ("id", "authority")]
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, included_fields=names,
                                          foreign_keys_are_objs=True)
            changes = [Change(_label(model, c.field), c.old, c.new) for c in delta.changes]
        else:
            source = previous if record.history_type == "-" and previous else record
            changes = [Change(_label(model, n), None, getattr(source, n, None))
                       for n in names if getattr(source, n, None) not in (None, "", [])]
            if record.history_type == "-":
                changes = [Change(c.field, c.new, None) for c in changes]
        if changes or record.history_type != "~":
            entries.append(HistoryEntry(record.history_date, record.history_user,
                                        what(record), record.history_type, changes))
    return entries


def history(authority: Authority) -> list[HistoryEntry]:
    """Every change to the authority, its contacts, designations and links: newest first."""
    entries = _entries(authority.history.select_related("history_user"), Authority,
                       lambda _r: _("the entry"))
    for model, label in ((Contact, _("contact")), (Designation, _("designation")),
                         (Link, _("link"))):
        records = model.history.filter(authority_id=authority.pk).select_related("history_user")
        by_object: dict[int, list] = {}
        for record in records.order_by("-history_date", "-history_id"):
            by_object.setdefault(record.id, []).append(record)
        for object_records in by_object.values():
            entries += _entries(object_records, model,
                                lambda r, label=label: f"{label}: {r.instance}")
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
