"""The summary report per State and period (for a State's reporting to the Conference of the
Parties): tables, charts (core.charts) and CSV rows, from `selectors.asset_statistics`."""

from django.utils.translation import gettext as _

from rogatory.assets import texts
from rogatory.assets.models import AssetType, Stage
from rogatory.core import charts

AMOUNT_COLUMNS = (("frozen_estimated", lambda: _("Frozen (estimated value)")),
                  ("realised", lambda: _("Realised")),
                  ("returned", lambda: _("Returned to victims and owners")),
                  ("shared", lambda: _("Transferred as shares")),
                  ("to_un_fund", lambda: _("Of which to the United Nations fund")))


def stage_rows(stats: dict) -> list[tuple[str, int]]:
    labels = dict(Stage.choices)
    return [(str(labels[code]), n) for code, n in stats["counts"].items()]


def type_rows(stats: dict) -> list[tuple[str, int]]:
    labels = dict(AssetType.choices)
    return [(str(labels.get(code, code)), n) for code, n in sorted(stats["by_type"].items())]


def amount_columns() -> list[str]:
    return [label() for _key, label in AMOUNT_COLUMNS]


def amount_rows(stats: dict) -> list[list[str]]:
    return [[row["currency"], *(texts.money(row[key], row["currency"])
                                for key, _label in AMOUNT_COLUMNS)]
            for row in stats["amounts"]]


def chart_images(stats: dict) -> list:
    title = _("Assets by stage reached in the period")
    rows = stage_rows(stats)
    found = [charts.as_image(charts.horizontal_bar_chart(
        title, [label for label, _n in rows], {_("Assets"): [n for _l, n in rows]}), title)]
    # One chart per currency: amounts in different currencies are never drawn on one axis.
    for row in stats["amounts"][:5]:
        title = _("Amounts in %(currency)s") % {"currency": row["currency"]}
        labels = [label() for _key, label in AMOUNT_COLUMNS]
        # pygal draws floats; the exact Decimal figures are in the table next to the chart.
        values = [float(row[key]) for key, _label in AMOUNT_COLUMNS]
        found.append(charts.as_image(charts.bar_chart(title, labels, {row["currency"]: values}),
                                     title))
    return found


def csv_rows(stats: dict) -> list[tuple]:
    """(measure, item, currency, value): every figure of the report."""
    rows: list[tuple] = [("assets", _("Assets linked to the cases"), "", stats["assets"])]
    rows.extend(("stage", label, "", n) for label, n in stage_rows(stats))
    rows.extend(("type", label, "", n) for label, n in type_rows(stats))
    for row in stats["amounts"]:
        rows.extend(("amount", label(), row["currency"], texts.plain(row[key], row["currency"]))
                    for key, label in AMOUNT_COLUMNS)
    return rows
