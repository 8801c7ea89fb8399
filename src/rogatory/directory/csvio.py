"""The directory's CSV format, the same for export and for `rogatory import-directory`.

One row per authority. List cells hold codes separated by `;`. The `designations` cell holds
provision codes (a bilateral treaty as `bilateral_treaty:CODE`); `contacts` and `links` hold
one item per line with ` | ` between the parts:
  contacts: name | title | phones (comma-separated) | e-mail | fax
  links:    kind | title | URL
Yes / no cells hold `yes`, `no` or nothing (unknown).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rogatory.core.concurrency import save_if_current
from rogatory.core.importing import RowInvalid, import_csv
from rogatory.directory import services
from rogatory.directory.forms import TRI_STATE_FIELDS
from rogatory.directory.models import Authority, Basis, ReviewStatus
from rogatory.directory.validators import normalise_phone, split_list
from rogatory.states.models import State

TEXT = ["name", "name_en", "postal_address", "email", "phone", "office_hours", "time_zone",
        "urgent_procedure", "documentation", "authentication", "requirements_notes", "source"]
LISTS = ["functions", "languages", "channels", "urgent_channels"]
COLUMNS = ["state", "part", "name", "name_en", "functions", "designations", "postal_address",
           "email", "phone", "office_hours", "time_zone", "languages", "certified_translation",
           "channels", "original_required", "urgent_procedure", "urgent_channels",
           "dual_criminality", "use_limitation", "reciprocity",
           "court_order_for_coercive_measures", "confidentiality_on_request",
           "evidence_statement", "documentation", "authentication", "requirements_notes",
           "contacts", "links", "source", "as_of", "last_verified"]
REQUIRED = ["state", "part", "name"]


# --- export ----------------------------------------------------------------------------

def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def row(authority: Authority) -> list[str]:
    cells: dict[str, Any] = {name: getattr(authority, name) for name in TEXT}
    cells |= {name: "; ".join(getattr(authority, name)) for name in LISTS}
    cells |= {name: _yes_no(getattr(authority, name)) for name in TRI_STATE_FIELDS}
    cells["state"], cells["part"] = authority.state_id, authority.part
    cells["designations"] = "; ".join(
        d.basis if d.basis != Basis.BILATERAL_TREATY else f"{d.basis}:{d.instrument}"
        for d in authority.designations.all())
    cells["contacts"] = "\n".join(
        " | ".join([c.name, c.title, ", ".join(c.phones), c.email, c.fax])
        for c in authority.contacts.all())
    cells["links"] = "\n".join(" | ".join([link.kind, link.title, link.url])
                               for link in authority.links.all())
    cells["as_of"] = authority.as_of.isoformat() if authority.as_of else ""
    cells["last_verified"] = authority.last_verified.isoformat() if authority.last_verified else ""
    return [cells[name] for name in COLUMNS]


# --- import ----------------------------------------------------------------------------

@dataclass
class ParsedAuthority:
    values: dict[str, Any]
    children: dict[str, list[dict]] = field(default_factory=dict)


def _date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise RowInvalid(_("%(column)s: %(value)s is not a date (YYYY-MM-DD)")
                         % {"column": column, "value": value}) from error


def _tri_state(value: str, column: str) -> bool | None:
    answers = {"": None, "yes": True, "no": False}
    if value.lower() not in answers:
        raise RowInvalid(_("%(column)s: write yes, no or leave empty (unknown)")
                         % {"column": column})
    return answers[value.lower()]


def _parts(cell: str, count: int, column: str) -> list[list[str]]:
    items = []
    for line in filter(None, (line.strip() for line in cell.splitlines())):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != count:
            raise RowInvalid(_("%(column)s: each line needs %(n)s parts separated by |")
                             % {"column": column, "n": count})
        items.append(parts)
    return items


def _designations(cell: str, source: str, as_of: datetime.date | None) -> list[dict]:
    items = []
    for code in split_list(cell):
        basis, _sep, instrument = code.partition(":")
        if basis not in Basis.values:
            raise RowInvalid(_("designations: unknown provision %(code)s") % {"code": basis})
        if basis == Basis.BILATERAL_TREATY and not instrument:
            raise RowInvalid(_("designations: name the treaty as bilateral_treaty:CODE"))
        items.append({"basis": basis, "instrument": instrument, "source": source, "as_of": as_of})
    return items


def _contacts(cell: str) -> list[dict]:
    contacts = []
    for name, title, phones, email, fax in _parts(cell, 5, "contacts"):
        try:
            numbers = [normalise_phone(number) for number in split_list(phones)]
            fax = normalise_phone(fax) if fax else ""
        except ValidationError as error:
            raise RowInvalid(_("contacts: %(reason)s") % {"reason": error.messages[0]}) from error
        contacts.append({"name": name, "title": title, "phones": numbers, "email": email,
                         "fax": fax})
    return contacts


def parse(cells: dict[str, str]) -> ParsedAuthority:
    """One CSV row to validated values; RowInvalid with the reason otherwise."""
    missing = [name for name in REQUIRED if not cells[name]]
    if missing:
        raise RowInvalid(_("empty required cells: %(cols)s") % {"cols": ", ".join(missing)})
    state = State.objects.filter(alpha2=cells["state"].upper()).first()
    if state is None:
        raise RowInvalid(_("unknown State code %(code)s") % {"code": cells["state"]})
    if cells["part"] not in ("1", "2"):
        raise RowInvalid(_("part must be 1 or 2"))
    values: dict[str, Any] = {name: cells[name] for name in TEXT}
    values |= {name: split_list(cells[name]) for name in LISTS}
    values["languages"] = [code.lower() for code in values["languages"]]
    values |= {name: _tri_state(cells[name], name) for name in TRI_STATE_FIELDS}
    values |= {"state": state, "part": int(cells["part"]),
               "as_of": _date(cells["as_of"], "as_of"),
               "last_verified": _date(cells["last_verified"], "last_verified")}
    if values["phone"]:
        try:
            values["phone"] = normalise_phone(values["phone"])
        except ValidationError as error:
            raise RowInvalid(_("phone: %(reason)s") % {"reason": error.messages[0]}) from error
    _check(values)
    children = {
        "designations": _designations(cells["designations"], values["source"], values["as_of"]),
        "contacts": _contacts(cells["contacts"]),
        "links": [dict(zip(("kind", "title", "url"), parts, strict=True))
                  for parts in _parts(cells["links"], 3, "links")],
    }
    _check_children(children)
    return ParsedAuthority(values, children)


def _check_children(children: dict[str, list[dict]]) -> None:
    for kind, items in children.items():
        for item in items:
            try:
                services.CHILDREN[kind](**item).full_clean(exclude=["authority"])
            except ValidationError as error:
                raise RowInvalid(f"{kind}: " + "; ".join(error.messages)) from error


def _check(values: dict[str, Any]) -> None:
    """The model's own validation (codes, languages, time zone, e-mail) before anything is
    written, so that a bad cell rejects the file with its reason."""
    try:
        Authority(**values).full_clean(exclude=["urgent_authority"])
    except ValidationError as error:
        reasons = "; ".join(f"{name}: {' '.join(messages)}"
                            for name, messages in error.message_dict.items())
        raise RowInvalid(reasons) from error


def _write(_line: int, parsed: ParsedAuthority) -> Authority:
    values = parsed.values | {"review_status": ReviewStatus.APPROVED}
    try:
        existing = Authority.objects.filter(state=values["state"], name=values["name"]).first()
        if existing is None:
            authority = Authority(**values)
            authority.full_clean()
            authority.save()
        else:
            authority = save_if_current(existing, existing.version, values)
        for kind, items in parsed.children.items():
            services.replace_children(authority, kind, items, None)
    except ValidationError as error:
        raise RowInvalid("; ".join(f"{name}: {' '.join(messages)}"
                                   for name, messages in error.message_dict.items())) from error
    return authority


def import_directory(source: str | Path | bytes) -> int:
    """Create or update (by State and name) every authority of the file, or none."""
    return import_csv(source, COLUMNS, parse, _write)
