"""Importers of organisations, memberships and facts of national law (states/data/).

Same rules as the other importers (core.importing): the whole file is checked first, with
line and reason, then written in one transaction or not at all; one row per key and source,
so importing a file twice changes nothing, and every change is kept in the history.
"""

from collections.abc import Callable

from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from rogatory.core.importing import RowInvalid, import_csv
from rogatory.states.models import Membership, Organisation, StateFact, StateFactKind
from rogatory.states.services import (
    CODE,
    Source,
    StateCodes,
    _date,
    _source,
    _source_kind,
    history_user,
)

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
ORGANISATION_COLUMNS = ("code", *(f"name_{language}" for language in LANGUAGES), "source")
MEMBERSHIP_COLUMNS = ("organisation", "state", "joined", "left", "source", "source_kind",
                      "as_of")
STATE_FACT_COLUMNS = ("state", "fact", "value", "source", "source_kind", "as_of")


def upsert(model: type[models.Model], key: tuple[str, ...], rows: list[dict]) -> int:
    """Create or update one object per key; unchanged objects are not written (so not
    added to the history). Returns how many objects were created or changed."""
    existing = {tuple(getattr(obj, field) for field in key): obj
                for obj in model.objects.all()}
    new, changed = [], 0
    for row in rows:
        current = existing.get(tuple(row[field] for field in key))
        if current is None:
            new.append(model(**row))
        elif any(getattr(current, field) != value for field, value in row.items()):
            for field, value in row.items():
                setattr(current, field, value)
            current.save()  # one save: the earlier state stays in the history
            changed += 1
    bulk_create_with_history(new, model, default_user=history_user())
    return len(new) + changed


def _import(source: Source, columns: tuple[str, ...], parse: Callable[[dict], dict],
            model: type[models.Model], key: tuple[str, ...]) -> int:
    rows: list[dict] = []
    seen: set[tuple] = set()

    def collect(line: int, row: dict) -> None:
        identity = tuple(row[field] for field in key)
        if identity in seen:
            raise RowInvalid(_("the same key and source appear twice in the file"))
        seen.add(identity)
        rows.append(row)

    with transaction.atomic():
        count = import_csv(source, columns, parse, collect)
        upsert(model, key, rows)
    return count


def import_organisations(source: Source) -> int:
    def parse(row: dict) -> dict:
        code = row["code"].upper()
        if not CODE.fullmatch(code) or len(code) > 10:
            raise RowInvalid(_("code: %(value)r is not an organisation code")
                             % {"value": row["code"]})
        if not row["name_en"]:
            raise RowInvalid(_("name_en: every organisation needs its English name"))
        names = {lang: row[f"name_{lang}"] for lang in LANGUAGES if row[f"name_{lang}"]}
        return {"code": code, "names": names, "source": _source(row["source"])}

    return _import(source, ORGANISATION_COLUMNS, parse, Organisation, ("code",))


def import_memberships(source: Source) -> int:
    """Memberships: organisation, State, joined and left (empty: not known), source."""
    states = StateCodes.load()
    organisations = dict(Organisation.objects.values_list("code", "pk"))

    def parse(row: dict) -> dict:
        code = row["organisation"].upper()
        if code not in organisations:
            raise RowInvalid(_("organisation: unknown organisation %(value)r")
                             % {"value": row["organisation"]})
        joined = _date(row["joined"], "joined", required=False)
        left = _date(row["left"], "left", required=False)
        if joined and left and left < joined:
            raise RowInvalid(_("left: before joined"))
        return {"state_id": states.check(row["state"]), "organisation_id": organisations[code],
                "joined": joined, "left": left, "source": _source(row["source"]),
                "source_kind": _source_kind(row), "as_of": _date(row["as_of"], "as_of")}

    return _import(source, MEMBERSHIP_COLUMNS, parse, Membership,
                   ("state_id", "organisation_id", "source"))


def import_state_facts(source: Source) -> int:
    """Facts of national law: extradites_without_treaty, extradition_requires_treaty."""
    states = StateCodes.load()

    def parse(row: dict) -> dict:
        if row["fact"] not in StateFactKind.values:
            raise RowInvalid(_("fact: unknown fact %(value)r (allowed: %(allowed)s)")
                             % {"value": row["fact"],
                                "allowed": ", ".join(StateFactKind.values)})
        if row["value"] not in ("yes", "no"):
            raise RowInvalid(_("value: %(fact)s is yes or no") % {"fact": row["fact"]})
        return {"state_id": states.check(row["state"]), "fact": row["fact"],
                "value": row["value"], "source": _source(row["source"]),
                "source_kind": _source_kind(row), "as_of": _date(row["as_of"], "as_of")}

    return _import(source, STATE_FACT_COLUMNS, parse, StateFact,
                   ("state_id", "fact", "source"))
