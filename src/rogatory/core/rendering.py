"""The one way from HTML to PDF: WeasyPrint with a fetcher that serves bundled assets only.

WeasyPrint's default fetcher follows every URL a document names (file:, http:, data:, ftp:),
so text that ever became markup could attach the server's files to a PDF or make the server
fetch URLs (issue #14). Every PDF of the project goes through `html_to_pdf`, whose fetcher
serves the stylesheets listed in `ASSETS`, read from inside the installed package, and stops
the rendering on any other URL, with a warning in the log. There is no base URL, so relative
references resolve to nothing. Fonts come from fontconfig (the Noto packages), not from URLs.
"""

from __future__ import annotations

import logging
from importlib import resources

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

SCHEME = "rogatory-asset"
# URL -> (package, file inside it, media type). Only these exact URLs are served.
DOCUMENT_CSS = f"{SCHEME}:document.css"
DIRECTORY_CSS = f"{SCHEME}:directory.css"
ASSETS = {
    DOCUMENT_CSS: ("rogatory.core", "print/document.css", "text/css"),
    DIRECTORY_CSS: ("rogatory.directory", "print/directory.css", "text/css"),
}


class RefusedURL(FatalURLFetchingError):
    """A rendered document named a URL that is not a bundled asset."""


class BundledAssetFetcher(URLFetcher):
    """Serves the `ASSETS` and refuses everything else (nothing is opened or connected to)."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        asset = ASSETS.get(url)
        if asset is None:
            shown = url[:200]  # a data: URL can be megabytes long
            logger.warning("Document rendering refused to fetch %r", shown)
            raise RefusedURL(f"not a bundled asset: {shown!r}")
        package, name, media_type = asset
        body = resources.files(package).joinpath(name).read_bytes()
        return URLFetcherResponse(url, body, {"Content-Type": f"{media_type}; charset=utf-8"})


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML page built from escaped text (no base URL)."""
    fetcher = BundledAssetFetcher()
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
