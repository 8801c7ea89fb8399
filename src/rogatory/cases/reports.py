"""Statistics made readable: labelled tables, charts (core.charts) and CSV rows."""

from django.utils.translation import gettext as _

from rogatory.cases.models import NON_TREATY_BASES, Direction, Kind, RefusalGround, Status
from rogatory.core import charts
from rogatory.core.labels import instrument_label
from rogatory.states.models import State


def _state_names(codes: list[str]) -> dict[str, str]:
    return {s.pk: s.name() for s in State.objects.filter(pk__in=codes)}


def tables(stats: dict) -> list[dict]:
    """Each breakdown as {"key", "title", "rows": [(label, count)]}."""
    kinds = dict(Kind.choices)
    statuses = dict(Status.choices)
    grounds = dict(RefusalGround.choices)
    names = _state_names([code for code, _n in stats["by_counterpart"]])
    basis = {**{k: str(v) for k, v in NON_TREATY_BASES.items()}, "": _("not recorded")}
    return [
        {"key": "direction", "title": _("Requests by direction"),
         "rows": [(str(label), stats["by_direction"].get(code, 0))
                  for code, label in Direction.choices]},
        {"key": "status", "title": _("Requests by status"),
         "rows": [(str(label), stats["by_status"][code]) for code, label in Status.choices
                  if stats["by_status"].get(code)]},
        {"key": "kind", "title": _("Requests by kind"),
         "rows": [(str(kinds.get(code, code)), n) for code, n in stats["by_kind"]]},
        {"key": "counterpart", "title": _("Requests by counterpart State"),
         "rows": [(names.get(code, code), n) for code, n in stats["by_counterpart"]]},
        {"key": "legal_basis", "title": _("Requests by legal basis used"),
         "rows": [(basis.get(code) or instrument_label(code), n)
                  for code, n in stats["by_legal_basis"]]},
        {"key": "outcome", "title": _("Outcomes"),
         "rows": [(str(statuses[code]), n) for code, n in stats["outcomes"].items()]},
        {"key": "refusal_grounds", "title": _("Grounds of refusal"),
         "rows": [(str(grounds.get(code, code)), n) for code, n in stats["refusal_grounds"]]},
    ]


def headline(stats: dict) -> list[tuple[str, object]]:
    untoc = stats["untoc_basis"]
    days = stats["days_to_execution"]
    return [
        (_("Requests"), stats["total"]),
        (_("Open"), stats["open"]),
        (_("Overdue"), stats["overdue"]),
        (_("UNTOC or its Protocols as legal basis (of requests with a known basis)"),
         f"{untoc['count']} / {untoc['of_known']}"
         + (f" ({untoc['share']:.0%})" if untoc["share"] is not None else "")),
        (_("Median days from sent to executed"), _fmt(days["median"])),
        (_("90th percentile of days from sent to executed"), _fmt(days["p90"])),
    ]


def _fmt(value: float | None) -> str:
    return _("unknown") if value is None else f"{value:.0f}"


def chart_images(stats: dict, months: list[tuple[str, int, int]]) -> list[dict]:
    """Charts (inline SVG images) with their alternative text, one per breakdown with data."""
    found = []
    for table in tables(stats):
        if not table["rows"] or table["key"] == "direction":
            continue
        labels = [label for label, _n in table["rows"]]
        svg = charts.horizontal_bar_chart(table["title"], labels,
                                          {_("Requests"): [n for _l, n in table["rows"]]})
        found.append({"key": table["key"], "image": charts.as_image(svg, table["title"])})
    if months:
        title = _("Requests per month")
        svg = charts.line_chart(title, [m for m, _o, _i in months], {
            str(Direction.OUTGOING.label): [o for _m, o, _i in months],
            str(Direction.INCOMING.label): [i for _m, _o, i in months]})
        found.insert(0, {"key": "months", "image": charts.as_image(svg, title)})
    return found


def csv_rows(stats: dict) -> list[tuple[str, str, object]]:
    """(breakdown, label, value): every figure of the statistics page."""
    rows = [("summary", label, value) for label, value in headline(stats)]
    for table in tables(stats):
        rows.extend((table["key"], label, n) for label, n in table["rows"])
    return rows
