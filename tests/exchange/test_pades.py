"""PAdES: an officer signs a request PDF made by the project's renderer; the receiving node
verifies it against the sending node's CA certificate, and sees any tampering."""

import asyncio
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from rogatory.core.rendering import html_to_pdf
from rogatory.exchange import pades

# pyHanko validates at the real time, and the signing time is the machine's.
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pdf():
    return html_to_pdf("<html lang='fr'><body><h1>Demande d'entraide</h1>"
                       "<p>Article 18, paragraphe 15 — 中文 — عربي</p></body></html>")


@pytest.fixture
def credential(tmp_path):
    return pades.officer_credential(tmp_path, "node-a", 7, "Ana Officer", NOW)


@pytest.fixture
def signed(pdf, credential):
    return pades.sign_pdf(pdf, credential)


def test_sign_and_verify(signed, credential):
    [report] = pades.verify_pdf(signed, [credential.ca_cert_pem])
    assert report.ok
    assert (report.name, report.organisation) == ("Ana Officer", "node-a")
    assert report.signing_time is not None
    assert b"/ETSI.CAdES.detached" in signed  # PAdES, not the legacy adbe.pkcs7 subfilter


def test_another_nodes_ca_does_not_make_it_trusted(tmp_path, signed):
    other_ca = pades.ca_certificate(tmp_path / "other", "node-b", NOW)
    [report] = pades.verify_pdf(signed, [other_ca])
    assert report.valid and report.intact and not report.trusted and not report.ok
    [report] = pades.verify_pdf(signed, [])
    assert not report.trusted  # the CA embedded in the PDF is never trusted by itself


def test_tampered_pdf_detected(pdf, signed, credential):
    tampered = bytearray(signed)
    tampered[len(pdf) // 2] ^= 1
    [report] = pades.verify_pdf(bytes(tampered), [credential.ca_cert_pem])
    assert not report.intact and not report.ok


def test_a_revision_added_after_signing_is_seen(signed, credential):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = pdf_string("en")
    writer.update_root()
    changed = BytesIO()
    writer.write(changed)
    [report] = pades.verify_pdf(changed.getvalue(), [credential.ca_cert_pem])
    assert report.intact and not report.whole_document and not report.ok
    assert report.changes_after == "OTHER"


def test_a_second_officer_countersigns(tmp_path, signed, credential):
    other = pades.officer_credential(tmp_path, "node-a", 8, "Bo Officer", NOW)
    reports = pades.verify_pdf(pades.sign_pdf(signed, other), [credential.ca_cert_pem])
    assert [(r.name, r.ok) for r in reports] == [("Ana Officer", True), ("Bo Officer", True)]
    # Ana signed before Bo's revision, which only filled a signature field.
    assert not reports[0].whole_document and reports[0].changes_after == "FORM_FILLING"


def test_unsigned_pdf_has_no_signers(pdf, credential):
    assert pades.verify_pdf(pdf, [credential.ca_cert_pem]) == []


@pytest.mark.parametrize("garbage", [b"", b"not a pdf", b"%PDF-1.7\n" + b"\x00" * 100])
def test_garbage_is_unreadable(garbage, credential):
    with pytest.raises(pades.UnreadablePdf):
        pades.verify_pdf(garbage, [credential.ca_cert_pem])
    with pytest.raises(pades.UnreadablePdf):
        pades.sign_pdf(garbage, credential)


def test_credentials_are_kept_and_reissued(tmp_path, credential):
    again = pades.officer_credential(tmp_path, "node-a", 7, "Ana Officer", NOW)
    assert again == credential
    renamed = pades.officer_credential(tmp_path, "node-a", 7, "Ana B. Officer", NOW)
    assert renamed.cert_pem != credential.cert_pem and renamed.ca_cert_pem == again.ca_cert_pem
    later = pades.officer_credential(tmp_path, "node-a", 7, "Ana B. Officer",
                                     NOW + pades.OFFICER_VALIDITY + timedelta(days=1))
    assert later.cert_pem != renamed.cert_pem
    for path in (tmp_path / "pades").rglob("*.key.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("user_id", ["../x", "", "a/b"])
def test_bad_user_id(tmp_path, user_id):
    with pytest.raises(ValueError):
        pades.officer_credential(tmp_path, "node-a", user_id, "Ana", NOW)


def test_signs_and_verifies_inside_a_running_event_loop(pdf, credential):
    # Under ASGI, or after Playwright's sync API in the same thread, a loop is running and
    # asyncio.run (pyHanko's sync API) would refuse to start.
    async def in_loop():
        signed = pades.sign_pdf(pdf, credential)
        return pades.verify_pdf(signed, [credential.ca_cert_pem])

    # The loop runs in a thread of its own: this one may already have one (see above).
    with ThreadPoolExecutor(max_workers=1) as pool:
        [report] = pool.submit(asyncio.run, in_loop()).result()
    assert report.ok
