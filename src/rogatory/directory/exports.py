"""Exports for signed-in officials: CSV (core.exports), vCard per contact, printable PDF."""

import re
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from rogatory.core.exports import csv_response
from rogatory.directory import csvio
from rogatory.directory.models import Authority, Contact


def directory_csv(authorities: Iterable[Authority]) -> HttpResponse:
    filename = f"directory-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, csvio.COLUMNS, (csvio.row(a) for a in authorities))


# Any line break (CRLF, a lone CR or LF, NEL, the Unicode separators) is one escaped "\n";
# other control characters are not TEXT-CHAR in RFC 6350 (§3.3) and are dropped.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _escape(value: str) -> str:
    """vCard text escaping (RFC 6350 §3.4): a lone carriage return would end the line."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return CONTROL.sub("", LINE_BREAK.sub(lambda _match: "\\n", value))


def _uri(value: str) -> str:
    """A URI or code value (tel:, e-mail, time zone): no escaping applies, so no control
    character or line break may stay in it."""
    return CONTROL.sub("", LINE_BREAK.sub("", value)).replace("\t", "")


def vcard(contact: Contact) -> str:
    authority = contact.authority
    lines = ["BEGIN:VCARD", "VERSION:4.0",
             f"FN:{_escape(contact.name)}",
             # Names are not split: which part is the family name differs between cultures.
             f"N:{_escape(contact.name)};;;;",
             f"ORG:{_escape(authority.name)}"]
    if contact.title:
        lines.append(f"TITLE:{_escape(contact.title)}")
    lines += [f"TEL;TYPE=work,voice;VALUE=uri:tel:{_uri(number)}" for number in contact.phones]
    if contact.fax:
        lines.append(f"TEL;TYPE=work,fax;VALUE=uri:tel:{_uri(contact.fax)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{_uri(contact.email)}")
    if authority.postal_address:
        lines.append(f"ADR;TYPE=work:;;{_escape(authority.postal_address)};;;;"
                     f"{_uri(authority.state_id)}")
    if authority.time_zone:
        lines.append(f"TZ:{_uri(authority.time_zone)}")
    lines += [f"NOTE:{_escape(authority.name_en)}" if authority.name_en else "", "END:VCARD"]
    return "\r\n".join(line for line in lines if line) + "\r\n"


def vcard_response(contact: Contact) -> HttpResponse:
    response = HttpResponse(vcard(contact), content_type="text/vcard; charset=utf-8")
    filename = slugify(contact.name) or f"contact-{contact.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response


def directory_pdf(request: HttpRequest, authorities: list[Authority], title: str) -> bytes:
    """The printed edition: WeasyPrint straight from an escaped HTML template (Noto fonts)."""
    from rogatory.core.rendering import html_to_pdf  # heavy import: only for a PDF

    html = render_to_string("directory/print.html", {
        "authorities": authorities, "title": title, "printed": timezone.localdate()},
        request=request)
    return html_to_pdf(html)
