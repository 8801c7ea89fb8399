"""The sending officer's PAdES signature on a request PDF, and what the receiving node found
in the PDFs it received (docs/exchange.md, "Signed PDF"). The cryptography is pyHanko's,
through `pades`."""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rogatory.accounts.models import User
from rogatory.core import dates
from rogatory.exchange import local, pades
from rogatory.exchange.envelope import Part
from rogatory.writer.integrations import NotSent

logger = logging.getLogger(__name__)
PDF = "application/pdf"


class SigningFailed(NotSent):
    """The PDF could not be signed with the officer's certificate; nothing was sent."""


def signer_for(user: User) -> Callable[[bytes], bytes]:
    """A function signing a PDF with `user`'s certificate, issued by this node's CA."""
    def sign(pdf: bytes) -> bytes:
        try:
            credential = pades.officer_credential(
                local.node_dir(), local.node().id, user.pk, str(user), timezone.now())
            return pades.sign_pdf(pdf, credential)
        except (OSError, ValueError) as error:  # UnreadablePdf is a ValueError
            # The cause names files of the node directory: logged, not shown.
            logger.error("signing the request PDF for user %s failed: %s", user.pk, error)
            raise SigningFailed(_("The PDF could not be signed with your certificate: the "
                                  "request was not sent.")) from error
    return sign


def check_pdfs(parts: Iterable[Part], trust_roots: list[str]) -> list[dict]:
    """Per PDF part, its signatures as verified against `trust_roots` (the trust list's CA
    certificates): [{"part", "readable", "signers": [{name, organisation, signing_time,
    valid, intact, trusted, ok, state}]}]. A PDF pyHanko cannot read is `readable: false`."""
    return [_check(part, trust_roots) for part in parts if part.media_type == PDF]


def _check(part: Part, trust_roots: list[str]) -> dict:
    try:
        reports = pades.verify_pdf(part.content, trust_roots)
    except pades.UnreadablePdf as error:
        logger.info("signatures of %s not checked: %s", part.name, error)
        return {"part": part.name, "readable": False, "signers": []}
    return {"part": part.name, "readable": True, "signers": [_signer(r) for r in reports]}


def _signer(report: pades.SignerReport) -> dict:
    return {"name": report.name, "organisation": report.organisation,
            "signing_time": report.signing_time.isoformat() if report.signing_time else None,
            "valid": report.valid, "intact": report.intact, "trusted": report.trusted,
            "ok": report.ok, "state": _state(report)}


def _state(report: pades.SignerReport) -> str:
    """valid; not_trusted (correct and unchanged, but by a certificate no node on the trust
    list issued); not_valid (wrong signature, or the signed content changed)."""
    if report.ok:
        return "valid"
    if report.valid and report.intact and not report.trusted:
        return "not_trusted"
    return "not_valid"


def describe(found: list[dict]) -> list[dict]:
    """The checks of `check_pdfs` in words, a line per signature or per PDF without one:
    [{"part", "state", "text", "signer"}], state being valid, not_valid, not_trusted,
    unsigned or unchecked, and signer the signature's details (None without one)."""
    lines = []
    for entry in found:
        if not entry["readable"]:
            lines.append(_line(entry, "unchecked", _("signature could not be checked")))
        elif not entry["signers"]:
            lines.append(_line(entry, "unsigned", _("unsigned")))
        lines.extend(_line(entry, signer["state"], _signed_by(signer), signer)
                     for signer in entry["signers"])
    return lines


def _line(entry: dict, state: str, text: str, signer: dict | None = None) -> dict:
    return {"part": entry["part"], "state": state, "text": text, "signer": signer}


def _signed_by(signer: dict) -> str:
    verdict = {"valid": _("signature valid"), "not_trusted": _("signature not trusted"),
               "not_valid": _("signature not valid")}[signer["state"]]
    when = signer["signing_time"]
    return _("Signed by %(name)s (node %(node)s) on %(time)s: %(verdict)s") % {
        "name": signer["name"] or "?", "node": signer["organisation"] or "?",
        "time": dates.page_datetime(datetime.fromisoformat(when), get_language())
        if when else "?",
        "verdict": verdict}
