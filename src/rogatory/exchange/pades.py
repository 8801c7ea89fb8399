"""PAdES signatures of request PDFs by the sending officer (pyHanko; no Django).

Each node holds a small certification authority of its own (ECDSA P-256, self-signed, made
with `cryptography`) and issues each sending officer a certificate, kept beside the node
keys: `<node dir>/pades/ca.key.pem`, `ca.cert.pem`, and `officers/<user id>.key.pem`,
`.cert.pem` (keys 0600). The CA certificate goes into the node's public document and so
into the trust list: a receiving node verifies an officer's signature against the CA
certificates of the trust list, given to pyHanko explicitly, and with no network access
(B-B level: a disconnected node has no time-stamping authority nor OCSP responder).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from rogatory.exchange.keys import write_private

CA_VALIDITY = timedelta(days=3650)
OFFICER_VALIDITY = timedelta(days=365)
PADES_DIR = "pades"
USER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Revisions after a signature that leave what it signed as it was: validation data and the
# filling of (signature) form fields.
SAFE_CHANGES = frozenset({"NONE", "LTA_UPDATES", "FORM_FILLING"})
T = TypeVar("T")


class UnreadablePdf(ValueError):
    """The PDF cannot be parsed, or its signatures cannot be read."""


@dataclass(frozen=True)
class Credential:
    """An officer's key and certificate, with the node CA that issued it (PEM)."""
    key_pem: bytes
    cert_pem: bytes
    ca_cert_pem: bytes


@dataclass(frozen=True)
class SignerReport:
    name: str  # the certificate's common name: the officer
    organisation: str  # the node that issued the certificate
    valid: bool  # the cryptographic signature is correct
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to a given trust root
    whole_document: bool  # nothing was added to the file after this signature
    # What later revisions changed, in pyHanko's words: NONE, LTA_UPDATES, FORM_FILLING
    # (e.g. another signature), ANNOTATIONS or OTHER (the content may differ from what
    # was signed).
    changes_after: str
    signing_time: datetime | None  # as the signer's machine stated it (not time-stamped)

    @property
    def ok(self) -> bool:
        later_changes_harmless = self.whole_document or self.changes_after in SAFE_CHANGES
        return self.valid and self.intact and self.trusted and later_changes_harmless


def ca_certificate(directory: Path, node_id: str, now: datetime) -> bytes:
    """The node CA certificate (PEM), made on first use."""
    return _ca(directory, node_id, now)[1].public_bytes(serialization.Encoding.PEM)


def officer_credential(directory: Path, node_id: str, user_id: str | int, name: str,
                       now: datetime) -> Credential:
    """The officer's credential, issued anew when missing, expired, or for another name."""
    if not USER_ID.fullmatch(str(user_id)) or not name.strip():
        raise ValueError("an officer needs a user id and a name")
    ca_key, ca_cert = _ca(directory, node_id, now)
    base = directory / PADES_DIR / "officers" / str(user_id)
    key_path, cert_path = base.with_suffix(".key.pem"), base.with_suffix(".cert.pem")
    if cert_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        if _common_name(cert) == name and cert.not_valid_after_utc > now:
            return Credential(key_path.read_bytes(), cert_path.read_bytes(), _pem(ca_cert))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, node_id)
    cert = (_builder(subject, ca_cert.subject, key.public_key(), now, OFFICER_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(sign=True), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    base.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    write_private(key_path, _private_pem(key))
    write_private(cert_path, _pem(cert))
    return Credential(_private_pem(key), _pem(cert), _pem(ca_cert))


def sign_pdf(pdf_bytes: bytes, credential: Credential) -> bytes:
    """The PDF with a PAdES baseline B-B signature by the officer (an incremental update,
    in a new field, so a PDF already signed by someone else keeps that signature)."""
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(credential.cert_pem),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            serialization.load_pem_private_key(credential.key_pem, None).private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(credential.ca_cert_pem)]))
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name=f"Signature{len(writer.prev.embedded_signatures) + 1}",
            subfilter=fields.SigSeedSubFilter.PADES)
        return _run(signers.async_sign_pdf(writer, metadata, signer=signer)).getvalue()
    except (PdfError, SigningError) as error:
        raise UnreadablePdf(f"the PDF cannot be signed: {error}") from error


def verify_pdf(pdf_bytes: bytes, trust_roots: list[bytes] | list[str]) -> list[SignerReport]:
    """One report per signature in the PDF (none: an empty list). Only `trust_roots` (PEM
    certificates, e.g. the trust list's CA certificates) are trusted; nothing is fetched."""
    roots = [_asn1_cert(pem) for pem in trust_roots]
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
        return [_report(_run(async_validate_pdf_signature(signature, ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"))))
            for signature in signatures]
    # A hostile PDF can make pyHanko's parser raise nearly anything; none of it is a report.
    except Exception as error:
        raise UnreadablePdf(f"the PDF's signatures cannot be read: {error}") from error


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """The coroutine's result, whether or not an event loop runs in this thread (ASGI,
    or a library such as Playwright's sync API, leaves one running): asyncio.run refuses
    to start inside a running loop, so there it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _report(status: PdfSignatureStatus) -> SignerReport:
    subject = status.signing_cert.subject.native
    return SignerReport(
        name=subject.get("common_name", ""), organisation=subject.get("organization_name", ""),
        valid=status.valid, intact=status.intact, trusted=status.trusted,
        whole_document=status.coverage.name == "ENTIRE_FILE",
        changes_after=status.modification_level.name if status.modification_level else "",
        signing_time=status.signer_reported_dt)


def _ca(directory: Path, node_id: str, now: datetime
        ) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_path = directory / PADES_DIR / "ca.key.pem"
    cert_path = directory / PADES_DIR / "ca.cert.pem"
    if cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key_path} is not the node CA's EC key")
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(f"Rogatory node {node_id} officer CA", node_id)
    cert = (_builder(subject, subject, key.public_key(), now, CA_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(sign=False), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    write_private(key_path, _private_pem(key))
    write_private(cert_path, _pem(cert))
    return key, cert


def _builder(subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey,
             now: datetime, validity: timedelta) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + validity)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                           critical=False))


def _key_usage(sign: bool) -> x509.KeyUsage:
    """An officer signs documents (with non-repudiation); the CA signs certificates."""
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=not sign, crl_sign=not sign, encipher_only=False,
                         decipher_only=False)


def _name(common_name: str, node_id: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, node_id[:64])])


def _common_name(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _asn1_cert(pem: bytes | str) -> asn1_x509.Certificate:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    return asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER))

