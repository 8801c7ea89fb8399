"""Server-made SVG charts (pygal) that a person reads at a glance, with no script at all.

Every chart is a static SVG document: pygal's JavaScript is disabled and its configuration
<script> removed; it carries a <title> and a <desc> (the data in words) and role="img", so a
screen reader announces it. Pages embed it with `as_image`, a data: URI <img>: the site's
Content-Security-Policy forbids inline <style>, and an SVG image keeps its own stylesheet
(pygal's colours) while the page's policy stays strict. Pair each chart with a data table.
"""

import base64
import math
from collections.abc import Sequence

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
Number = int | float | None
LABEL_LIMIT = 40

# Colour-blind-safe palette (Okabe–Ito), readable on white.
STYLE = Style(
    background="white", plot_background="white", foreground="#1b1f24",
    foreground_strong="#1b1f24", foreground_subtle="#58606b",
    colors=("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"),
    font_family="'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', sans-serif",
    title_font_size=18, label_font_size=13, major_label_font_size=13, legend_font_size=14,
    value_font_size=13, tooltip_font_size=13,
)


def _description(labels: Sequence[str], series: dict[str, Sequence[Number]]) -> str:
    """The chart's data in words, for its <desc>."""
    parts = []
    for name, values in series.items():
        pairs = ", ".join(f"{label}: {'—' if value is None else value}"
                          for label, value in zip(labels, values, strict=False))
        parts.append(f"{name}: {pairs}" if name else pairs)
    return "; ".join(parts)


def _finish(chart: pygal.graph.graph.Graph, title: str, description: str) -> SafeString:
    root = chart.render_tree()
    for script in list(root.iter(f"{{{SVG_NS}}}script", "script")):
        script.getparent().remove(script)
    for old in [child for child in root if child.tag in (f"{{{SVG_NS}}}title", "title")]:
        root.remove(old)
    ident = root.get("id") or "chart"
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    title_element = etree.Element(f"{{{SVG_NS}}}title", id=f"{ident}-title")
    title_element.text = title
    desc_element = etree.Element(f"{{{SVG_NS}}}desc", id=f"{ident}-desc")
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # lxml escapes every text and attribute: labels such as "<b>" stay text.
    return mark_safe(etree.tostring(root, encoding="unicode"))  # noqa: S308  # nosec B308 B703


def _short(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _integer_ticks(series: dict[str, Sequence[Number]]) -> list[int] | None:
    """Whole-number ticks when every value is a whole number (counts never read 0.2)."""
    values = [v for values in series.values() for v in values if v is not None]
    if not values or any(not float(v).is_integer() for v in values):
        return None
    top = max(int(max(values)), 1)
    step = math.ceil(top / 8)
    return list(range(0, top + step, step))


def _chart(kind: type, title: str, labels: Sequence[str],
           series: dict[str, Sequence[Number]], **options) -> SafeString:
    chart = kind(
        style=STYLE, js=[], disable_xml_declaration=True, title=title,
        show_legend=len(series) > 1, legend_at_bottom=True,
        print_values=False, width=800, height=max(300, 40 + 28 * len(labels))
        if kind is pygal.HorizontalBar else 400, explicit_size=False,
        x_label_rotation=20 if len(labels) > 6 and kind is not pygal.HorizontalBar else 0,
        no_data_text="—", **options,
    )
    ticks = _integer_ticks(series)
    if ticks:
        chart.y_labels = ticks
    # Long labels would squeeze the plot: shorten them here; the <desc> keeps them whole.
    chart.x_labels = [_short(str(label)) for label in labels]
    for name, values in series.items():
        chart.add(str(name), list(values))
    return _finish(chart, title, _description([str(x) for x in labels], series))


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[Number]]) -> str:
    """A bar chart: one bar per label in each series. Returns SVG markup safe to embed."""
    return _chart(pygal.Bar, title, labels, series)


def horizontal_bar_chart(title: str, labels: Sequence[str],
                         series: dict[str, Sequence[Number]]) -> str:
    """Bars laid sideways: for long labels (States, grounds of refusal)."""
    return _chart(pygal.HorizontalBar, title, labels, series)


def line_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[Number]]) -> str:
    """A line chart (e.g. requests per month). Returns SVG markup safe to embed."""
    return _chart(pygal.Line, title, labels, series, dots_size=3)


def as_image(svg: str, alt: str) -> SafeString:
    """Embed a chart's SVG inline as a data: URI image (allowed by the site's img-src)."""
    encoded = base64.b64encode(svg.encode()).decode()
    return format_html('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">',
                       encoded, alt)
