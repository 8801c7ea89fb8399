"""Server-made SVG charts (pygal) that a person reads at a glance, with no script at all.

Every chart is a static SVG document: pygal's JavaScript is disabled and its configuration
<script> removed; it carries a <title> and a <desc> (the data in words) and role="img", so a
screen reader announces it. Pages embed it with `as_image`, a data: URI <img>: the site's
Content-Security-Policy forbids inline <style>, and an SVG image keeps its own stylesheet
(pygal's colours) while the page's policy stays strict. Pair each chart with a data table.
"""

import base64
from collections.abc import Sequence

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"
Number = int | float | None

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
    return mark_safe(etree.tostring(root, encoding="unicode"))  # noqa: S308


def _chart(kind: type, title: str, labels: Sequence[str],
           series: dict[str, Sequence[Number]], **options) -> SafeString:
    chart = kind(
        style=STYLE, js=[], disable_xml_declaration=True, title=title,
        show_legend=len(series) > 1 or any(series), legend_at_bottom=True,
        print_values=False, width=800, height=400, explicit_size=False,
        x_label_rotation=20 if len(labels) > 6 else 0, truncate_label=30,
        no_data_text="—", **options,
    )
    chart.x_labels = [str(label) for label in labels]
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
