"""Finds every page and every form of the site as one user sees them, so the attack tests
cover new pages and forms without a list to keep: the seeds are the URL conf's routes that
take no argument and the objects of the authorization matrix's world; every same-site link
of every HTML page found is followed, one page per route."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from django.test import Client
from django.urls import Resolver404, resolve

from tests.security.test_authorization_matrix import SKIPPED_PREFIXES, route_names

# Not pages: the API (fuzzed from its schema), the schema, health checks.
NOT_PAGES = (*SKIPPED_PREFIXES, "api/", "healthz")
LIMIT = 300  # pages per crawl: far above the site's routes, a bound against loops


@dataclass
class Form:
    page: str  # the path of the page showing it
    action: str
    method: str
    values: list[tuple[str, str]]  # every field with the value the page gave it
    files: set[str] = field(default_factory=set)  # names of file inputs


@dataclass
class Page:
    path: str
    html: str
    forms: list[Form]
    link_params: set[str]


def _is_page(path: str) -> bool:
    return path.startswith("/") and not path.lstrip("/").startswith(NOT_PAGES)


def _route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def seeds(objects: Iterable[object] = ()) -> list[str]:
    """The routes without arguments, and the pages of the given objects."""
    plain = ["/" + route for route in route_names().values()
             if "<" not in route and not route.startswith(NOT_PAGES)]
    return plain + [obj.get_absolute_url() for obj in objects if hasattr(obj, "get_absolute_url")]


def _forms(path: str, doc) -> list[Form]:
    forms = []
    for element in doc.forms:
        action = urlsplit(element.get("action") or path).path or path
        if not _is_page(action):
            continue
        files = {i.get("name") for i in element.inputs if i.get("type") == "file"}
        values = [(name, value) for name, value in element.form_values() if name not in files]
        named = {i.get("name") for i in element.inputs if i.get("name")}
        values += [(name, "") for name in sorted(named - {n for n, _v in values} - files)]
        forms.append(Form(path, action, (element.get("method") or "get").lower(), values,
                          files))
    return forms


def crawl(client: Client, start: Iterable[str]) -> dict[str, Page]:
    """Pages by route, as `client`'s user sees them."""
    queue, seen_paths, pages = list(start), set(), {}
    while queue and len(pages) < LIMIT:
        path = queue.pop(0)
        route = _route(urlsplit(path).path)
        if path in seen_paths or route is None or route in pages or not _is_page(path):
            continue
        seen_paths.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        doc = lxml.html.document_fromstring(html)
        links = [urlsplit(href) for href in doc.xpath("//a/@href")]
        pages[route] = Page(path, html, _forms(path, doc),
                            {key for link in links if _is_page(link.path)
                             for key, _v in parse_qsl(link.query)})
        queue += [link.path for link in links if _is_page(link.path)]
    return pages
