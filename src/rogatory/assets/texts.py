"""Sentences for the codes of the pure modules (sharing arithmetic, stage workflow), in the
active language. Labels in the arithmetic are keys ("claim:3", "state:NL"); `labels` maps
them to what a reader knows (the claimant, the State's name)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from rogatory.assets import sharing

WHAT = {"realised": lambda: _("the amount realised"), "return": lambda: _("a return"),
        "cost": lambda: _("a cost")}


def percent(value: Decimal) -> str:
    """50.0000 -> "50", 33.3300 -> "33.33" (never "5E+1")."""
    return f"{value.normalize():f}"


def plain(amount: Decimal | None, currency: str) -> str:
    """An amount to its currency's minor unit, without separators (CSV, API)."""
    if amount is None:
        return ""
    if sharing.is_currency(currency):
        amount = amount.quantize(sharing.quantum(sharing.minor_units(currency)))
    return str(amount)


def money(amount: Decimal | None, currency: str) -> str:
    """An amount to its minor unit with thousands separated, e.g. "1 250 000.00 EUR"."""
    if amount is None:
        return "—"
    text = plain(amount, currency)
    whole, dot, fraction = text.partition(".")
    return f"{int(whole):,}".replace(",", "\u202f") + dot + fraction + f" {currency}"


def sharing_problem(code: str, params: dict, labels: dict[str, str]) -> str:
    label = labels.get(params.get("label", ""), params.get("label", ""))
    what = WHAT.get(params.get("what", ""), lambda: "")()
    subject = f"{what} ({label})" if label else what
    messages = {
        "unknown_currency": lambda: _("%(currency)s is not an ISO 4217 currency code.") % params,
        "not_a_number": lambda: _("The amount of %(subject)s is not a number.") % {
            "subject": subject},
        "currency_mismatch": lambda: _(
            "The amount of %(subject)s is in %(currency)s; every amount must be in "
            "%(expected)s.") % {**params, "subject": subject},
        "negative": lambda: _("The amount of %(subject)s may not be negative.") % {
            "subject": subject},
        "too_precise": lambda: _(
            "The amount of %(subject)s has more decimal places than %(currency)s allows "
            "(%(places)s).") % {**params, "subject": subject},
        "returns_exceed": lambda: _(
            "The returns to victims and owners (%(returns)s) exceed the amount available "
            "(%(realised)s).") % params,
        "duplicate_recipient": lambda: _("%(label)s has more than one share.") % {
            "label": label},
        "bad_percent": lambda: _("The share of %(label)s must be more than 0 and at most 100 "
                                 "percent.") % {"label": label},
        "percent_too_precise": lambda: _("The share of %(label)s has more than four decimal "
                                         "places.") % {"label": label},
        "percent_total": lambda: _("The shares add up to %(total)s percent; they must add up "
                                   "to exactly 100.") % {"total": percent(params["total"])},
    }
    return messages.get(code, lambda: code)()


def step_label(code: str, label: str) -> str:
    texts = {
        "realised": lambda: _("Amount realised"),
        "return": lambda: _("Returned to %(claimant)s (art. 14(2))") % {"claimant": label},
        "cost": lambda: _("Deductible cost of the requested State: %(cost)s") % {"cost": label},
        "costs_not_covered": lambda: _("Costs beyond the amount available, not deducted "
                                       "(borne by the requested State)"),
        "distributable": lambda: _("Distributable amount"),
        "share": lambda: _("Share of %(recipient)s") % {"recipient": label},
    }
    return texts.get(code, lambda: code)()


def workflow_problem(code: str) -> tuple[str, str]:
    """(form field, sentence) for a workflow problem code."""
    texts = {
        "not_allowed": ("to", lambda: _("The asset cannot move to this stage from its "
                                        "current stage.")),
        "reference_required": ("reference", lambda: _("Give the reference of the request or "
                                                      "order that produced this stage.")),
        "ordered_by_required": ("ordered_by", lambda: _("Say which State made the "
                                                        "confiscation order.")),
        "amount_required": ("amount", lambda: _("Give the amount actually realised and its "
                                                "currency.")),
        "not_settled": ("to", lambda: _("Every return and share must be transferred under "
                                        "agreed terms before the asset is disposed.")),
        "note_required": ("note", lambda: _("Say why in the note.")),
    }
    field, text = texts.get(code, ("to", lambda: code))
    return field, text()
