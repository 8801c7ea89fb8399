from urllib.parse import urlencode

from babel.lists import format_list
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rogatory.library import akn
from rogatory.library.facets import labelled, value_label
from rogatory.library.forms import SearchForm
from rogatory.library.models import CrimeType, Item, Language
from rogatory.library.search.service import SearchRequest, clean_filters, search
from rogatory.library.selectors import item_detail, may_read_restricted, related_items
from rogatory.states.models import babel_locale


def _link(params: dict[str, str], **changes: str | None) -> str:
    merged = {**params, **changes}
    if "page" not in changes:
        merged.pop("page", None)
    return "?" + urlencode({key: value for key, value in merged.items() if value})


def _facet_links(facets: list[dict], params: dict[str, str]) -> list[dict]:
    for facet in facets:
        for option in facet["options"]:
            value = None if option["selected"] else option["value"]
            option["href"] = _link(params, **{facet["name"]: value})
    return facets


def _tag_facet(value: str) -> str:
    return "crime_type" if value in CrimeType.values else "issue"


def _filters(request: HttpRequest, form: SearchForm) -> dict[str, str]:
    """The filters of the query string; an invalid one becomes an error of the form (and the
    search runs without filters)."""
    try:
        return clean_filters(request.GET)
    except ValidationError as error:
        for messages in error.message_dict.values():
            for message in messages:
                form.add_error(None, message)
        return {}


def _also_searched(terms: tuple[tuple[str, str], ...], tags: tuple[str, ...]) -> SafeString:
    """What the expansion added, as a list in the reader's language (its separators): each
    term marked with its language, then the classifications."""
    parts = [format_html('<span lang="{}" dir="auto">{}</span> ({})', language, term,
                         Language(language).label) for language, term in terms]
    parts += [escape(_("items classified under “%(label)s”") % {
        "label": value_label(_tag_facet(value), value)}) for value in tags]
    if not parts:
        return SafeString("")
    # Every part is escaped above; the separators are CLDR's list patterns.
    return mark_safe(format_list(parts, locale=babel_locale()))  # noqa: S308  # nosec B308 B703


def index(request: HttpRequest) -> HttpResponse:
    """The library search: a query, filters and facets; without a query, the newest items."""
    form = SearchForm(request.GET or None)
    q, page, expand = "", 1, True
    if form.is_valid():
        q, page = form.cleaned_data["q"], form.cleaned_data["page"] or 1
        expand = form.cleaned_data["expand"] != "0"
    filters = _filters(request, form)
    result = search(SearchRequest(q=q, filters=filters, page=page, expand=expand,
                                  include_restricted=may_read_restricted(request.user)))
    params = {"q": q, **filters, "expand": None if expand else "0"}
    context = {
        "form": form, "result": result, "q": q, "filters": filters,
        "facets": _facet_links(labelled(result.facets, filters), params),
        "previous": _link(params, page=str(page - 1)) if page > 1 else None,
        "next": _link(params, page=str(page + 1)) if page < result.pages else None,
        "hidden_filters": {k: v for k, v in filters.items() if k not in ("type", "language")},
        "also_searched": _also_searched(result.also, result.tags),
        "without_expansion": _link(params, expand="0"),
    }
    template = "library/_results.html" if request.htmx else "library/index.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _visible_item(request: HttpRequest, pk: int) -> Item:
    try:
        return item_detail(request.user, pk)
    except Item.DoesNotExist as error:
        raise Http404 from error


def _labels(facet: str, values: list[str]) -> list[tuple[str, str]]:
    return [(value, value_label(facet, value)) for value in values]


def item(request: HttpRequest, pk: int) -> HttpResponse:
    """An item with its provisions (each with an anchor) and the items related to it."""
    obj = _visible_item(request, pk)
    return render(request, "library/item.html", {
        "item": obj, "provisions": obj.provisions.all(),
        "related": related_items(request.user, obj),
        "articles": _labels("article", obj.articles),
        "crime_types": _labels("crime_type", obj.crime_types),
        "issues": _labels("issue", obj.issues),
    })


def item_akn(request: HttpRequest, pk: int) -> HttpResponse:
    """The item as an Akoma Ntoso 3.0 document."""
    obj = _visible_item(request, pk)
    response = HttpResponse(akn.export(obj), content_type="application/akn+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rogatory-library-{obj.pk}.xml"'
    return response
