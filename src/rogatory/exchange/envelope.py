"""Envelopes between nodes (pure Python, no Django): seal, open, and signed evidences.

An envelope carries a header and named parts (the structured request, the PDF, annexes).
The sending node signs a manifest — the header and each part's name, media type, size and
SHA-256 — as a JWS with the `Ed25519` algorithm (RFC 9864; the deprecated `EdDSA` name is
refused), then encrypts the signed manifest and the parts as one JWE (ECDH-ES+A256KW,
A256GCM) to the receiving node's X25519 key, so that relays, queues and backups read
nothing. All cryptography is joserfc's over `cryptography`; this module only arranges it.

Inside the JWE the plaintext is the JWS compact serialization, a line feed, then the parts'
bytes one after the other in manifest order: the signed sizes say where each part ends, so
no part is base64-encoded twice. `docs/exchange.md` shows a header and a manifest.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet, OKPKey

MB = 2**20
# Whole sealed envelope (JWE compact): about 48 MB of parts once base64url-encoded.
MAX_ENVELOPE_BYTES = 64 * MB
# An envelope is retried until it expires; a longer life would let a leaked old key sign
# messages that still look fresh.
MAX_LIFETIME = timedelta(days=30)
MAX_PARTS = 64
SIGNING_ALG = "Ed25519"
KEY_WRAP_ALG = "ECDH-ES+A256KW"
CONTENT_ENC = "A256GCM"
MANIFEST_TYPE = "rogatory-manifest+json"
EVIDENCE_TYPE = "rogatory-evidence+json"
MANIFEST_VERSION = 1

# Identifiers travel into file names, URLs and database keys on the other side.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
PART_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,63}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")

REFUSAL_CODES = frozenset({
    "undecryptable", "bad_signature", "unknown_key", "expired_key", "sender_not_trusted",
    "authority_not_served", "tampered_part", "expired", "clock_skew", "malformed",
    "too_large", "wrong_receiver", "bad_evidence",
})


class EnvelopeRefused(Exception):
    """An envelope (or evidence) that must not be accepted: `code` is one of
    `REFUSAL_CODES`, `reason` says why in words for the log and the NonDelivery evidence.

    `header` and `manifest_hash` are set only once the sender's signature has been verified,
    so the receiver may tell that sender (a NonDelivery evidence) without trusting a forger.
    """

    def __init__(self, code: str, reason: str, header: Header | None = None,
                 manifest_hash: str = ""):
        if code not in REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(f"{code}: {reason}")
        self.code, self.reason = code, reason
        self.header, self.manifest_hash = header, manifest_hash


@dataclass(frozen=True)
class Header:
    message_id: str
    conversation_id: str
    kind: str
    sender_node: str
    sender_authority: str
    receiver_node: str
    receiver_authority: str
    created: datetime
    expires: datetime

    def as_json(self) -> dict[str, str]:
        data = asdict(self)
        data["created"], data["expires"] = format_time(self.created), format_time(self.expires)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Header:
        """The header of a manifest; ValueError when a field is missing or malformed."""
        names = [field.name for field in fields(cls)]
        if not isinstance(data, dict) or sorted(data) != sorted(names):
            raise ValueError("the header's fields are not the expected ones")
        values = {name: data[name] for name in names}
        values["created"], values["expires"] = (parse_time(data["created"]),
                                                parse_time(data["expires"]))
        header = cls(**values)
        header.validate()
        return header

    def validate(self) -> None:
        for name in ("message_id", "conversation_id", "kind", "sender_node",
                     "sender_authority", "receiver_node", "receiver_authority"):
            value = getattr(self, name)
            if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
                raise ValueError(f"header {name} is not an identifier")
        for value in (self.created, self.expires):
            if not isinstance(value, datetime) or value.utcoffset() is None:
                raise ValueError("header times must be datetimes with a time zone")
        if not self.created < self.expires <= self.created + MAX_LIFETIME:
            raise ValueError(f"expires must follow created, within {MAX_LIFETIME.days} days")


@dataclass(frozen=True)
class Part:
    name: str
    media_type: str
    content: bytes

    def entry(self) -> dict[str, Any]:
        return {"name": self.name, "media_type": self.media_type, "size": len(self.content),
                "sha256": hashlib.sha256(self.content).hexdigest()}


@dataclass(frozen=True)
class Opened:
    """A verified envelope. `manifest` is the signed bytes and `signed_manifest` the JWS:
    keep both, they prove who sent what (the parts' hashes are inside)."""
    header: Header
    parts: tuple[Part, ...]
    manifest: bytes
    manifest_hash: str
    signed_manifest: str
    signer_kid: str


class TrustView(Protocol):
    """What opening needs to know of the trust list (`rogatory.exchange.trustlist`)."""

    def signing_key(self, node_id: str, kid: str, at: datetime) -> dict[str, Any]:
        """The public JWK `kid` of `node_id`, valid at `at`; otherwise raise EnvelopeRefused
        with code sender_not_trusted (no such node), unknown_key or expired_key."""

    def serves(self, node_id: str, authority_id: str) -> bool:
        """Whether the list says `node_id` serves the directory authority `authority_id`."""


def new_id() -> str:
    """A fresh message, conversation or evidence id."""
    return str(uuid.uuid4())


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes on every node for the same value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("ascii") if isinstance(data, str) else data).hexdigest()


def kid_of(key: OKPKey | dict[str, Any]) -> str:
    """The key id every node uses: the RFC 7638 thumbprint of the public key."""
    return as_key(key).thumbprint()


def as_key(key: OKPKey | dict[str, Any]) -> OKPKey:
    return key if isinstance(key, OKPKey) else OKPKey.import_key(key)


# --- sealing ----------------------------------------------------------------------------

def manifest_bytes(header: Header, parts: Sequence[Part]) -> bytes:
    header.validate()
    _check_parts(parts)
    return canonical_json({"version": MANIFEST_VERSION, "header": header.as_json(),
                           "parts": [part.entry() for part in parts]})


def seal(header: Header, parts: Sequence[Part], signing_key: OKPKey,
         recipient_encryption_public: OKPKey | dict[str, Any]) -> bytes:
    """The envelope as JWE compact bytes, ready to POST."""
    signed = sign_compact(manifest_bytes(header, parts), signing_key, MANIFEST_TYPE)
    plaintext = b"".join([signed.encode("ascii"), b"\n", *(part.content for part in parts)])
    recipient = as_key(recipient_encryption_public)
    protected = {"alg": KEY_WRAP_ALG, "enc": CONTENT_ENC, "kid": recipient.thumbprint()}
    return jwe.encrypt_compact(protected, plaintext, recipient,
                               algorithms=[KEY_WRAP_ALG, CONTENT_ENC]).encode("ascii")


def sign_compact(payload: bytes, signing_key: OKPKey, typ: str) -> str:
    """A JWS compact of `payload` by an Ed25519 private key, `kid` its thumbprint."""
    protected = {"alg": SIGNING_ALG, "kid": signing_key.thumbprint(), "typ": typ}
    return jws.serialize_compact(protected, payload, signing_key, algorithms=[SIGNING_ALG])


def _check_parts(parts: Sequence[Part]) -> None:
    if not 0 < len(parts) <= MAX_PARTS:
        raise ValueError(f"an envelope has 1 to {MAX_PARTS} parts")
    names = [part.name for part in parts]
    if len(set(names)) != len(names):
        raise ValueError("part names must be unique")
    for part in parts:
        if not PART_NAME.fullmatch(part.name) or not MEDIA_TYPE.fullmatch(part.media_type):
            raise ValueError(f"part {part.name[:40]!r}: bad name or media type")


# --- opening ----------------------------------------------------------------------------

def open_envelope(data: bytes, decryption_keys: Iterable[OKPKey], trust: TrustView,
                  now: datetime, *, node_id: str, max_skew: timedelta = timedelta(minutes=5),
                  max_bytes: int = MAX_ENVELOPE_BYTES) -> Opened:
    """Decrypt and verify an envelope addressed to this node (`node_id`).

    Checks, in order: size, decryption with one of this node's X25519 keys, the JWS
    (Ed25519 only) with the sender's key on the trust list valid at `created`, that the
    sender serves the sending authority, that this node is the receiver and serves the
    receiving authority, each part's hash, `created` not in the future beyond `max_skew`,
    and not expired. Raises EnvelopeRefused. Replays are the caller's to detect by
    (sender_node, message_id).
    """
    if len(data) > max_bytes:
        raise EnvelopeRefused("too_large", f"the envelope is larger than {max_bytes} bytes")
    plaintext = _decrypt(data, decryption_keys, max_bytes)
    end = plaintext.find(b"\n")
    if end < 0 or not plaintext[:end].isascii():
        raise EnvelopeRefused("malformed", "no signed manifest before the parts")
    # A view, so that the parts are copied once, into their Part, however large they are.
    signed, body = plaintext[:end], memoryview(plaintext)[end + 1:]
    manifest, entries, header, kid = _verify_manifest(signed, trust)
    refuse = _refuser(header, sha256_hex(manifest))
    if not trust.serves(header.sender_node, header.sender_authority):
        raise refuse("authority_not_served",
                     f"{header.sender_node} does not serve {header.sender_authority}")
    if header.receiver_node != node_id or not trust.serves(node_id, header.receiver_authority):
        raise refuse("wrong_receiver", f"addressed to {header.receiver_authority} at "
                     f"{header.receiver_node}, not an authority this node serves")
    parts = _parts(entries, body, refuse)
    if header.created > now + max_skew:
        raise refuse("clock_skew", f"created {format_time(header.created)}, in the future")
    if header.expires <= now:
        raise refuse("expired", f"expired at {format_time(header.expires)}")
    return Opened(header, parts, manifest, refuse.manifest_hash, signed.decode("ascii"), kid)


def _decrypt(data: bytes, keys: Iterable[OKPKey], max_bytes: int) -> bytes:
    registry = JWERegistry(algorithms=[KEY_WRAP_ALG, CONTENT_ENC])
    registry.max_ciphertext_length = max_bytes  # joserfc's default is 64 KB
    try:
        key_set = KeySet(list(keys))
        return jwe.decrypt_compact(data, key_set, registry=registry).plaintext or b""
    except (JoseError, ValueError) as error:
        raise EnvelopeRefused("undecryptable", "not readable with this node's keys "
                              f"({type(error).__name__})") from error


def _verify_manifest(signed: bytes, trust: TrustView) -> tuple[bytes, Any, Header, str]:
    """The manifest's bytes, part entries, header and key id, verified with the sender's
    key on the trust list (looked up by the node and time the manifest claims)."""
    try:
        token = jws.extract_compact(signed)
        manifest = json.loads(token.payload)
        if manifest["version"] != MANIFEST_VERSION:
            raise ValueError(f"manifest version {manifest['version']!r}")
        header = Header.from_json(manifest["header"])
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise EnvelopeRefused("malformed", f"the signed manifest cannot be read: {error}"
                              ) from error
    kid = _check_protected(token.headers(), MANIFEST_TYPE)
    public = trust.signing_key(header.sender_node, kid, header.created)
    verify_compact(signed, public, MANIFEST_TYPE)
    return token.payload, manifest.get("parts"), header, kid


def verify_compact(token: bytes | str, public: OKPKey | dict[str, Any], typ: str) -> bytes:
    """The payload of a JWS compact signed with Ed25519 by `public`; EnvelopeRefused."""
    try:
        verified = jws.deserialize_compact(token, as_key(public), algorithms=[SIGNING_ALG])
    except JoseError as error:
        raise EnvelopeRefused("bad_signature", "the signature does not verify "
                              f"({type(error).__name__})") from error
    _check_protected(verified.headers(), typ)
    return verified.payload


def _check_protected(protected: dict[str, Any], typ: str) -> str:
    if protected.get("alg") != SIGNING_ALG:
        raise EnvelopeRefused("bad_signature", f"algorithm {protected.get('alg')!r} refused; "
                              f"only {SIGNING_ALG} (RFC 9864)")
    if protected.get("typ") != typ:
        raise EnvelopeRefused("malformed", f"a {typ} was expected")
    kid = protected.get("kid")
    if not isinstance(kid, str) or not kid:
        raise EnvelopeRefused("unknown_key", "the signature names no key")
    return kid


class _refuser:
    """Makes refusals that carry the verified header and manifest hash."""

    def __init__(self, header: Header, manifest_hash: str):
        self.header, self.manifest_hash = header, manifest_hash

    def __call__(self, code: str, reason: str) -> EnvelopeRefused:
        return EnvelopeRefused(code, reason, self.header, self.manifest_hash)


def _parts(entries: Any, body: bytes | memoryview, refuse: _refuser) -> tuple[Part, ...]:
    try:
        parts = _slice_parts(entries, body)
        _check_parts(parts)
    except (ValueError, KeyError, TypeError) as error:
        raise refuse("malformed", f"the parts do not match the manifest: {error}") from error
    for entry, part in zip(entries, parts, strict=True):
        if hashlib.sha256(part.content).hexdigest() != entry["sha256"]:
            raise refuse("tampered_part", f"part {part.name} does not match its SHA-256")
    return parts


def _slice_parts(entries: Any, body: bytes | memoryview) -> tuple[Part, ...]:
    if not isinstance(entries, list):
        raise TypeError("parts is not a list")
    parts, offset = [], 0
    for entry in entries:
        size = entry["size"]
        if type(size) is not int or size < 0 or not SHA256_HEX.fullmatch(entry["sha256"]):
            raise ValueError("a part's size or hash is malformed")
        parts.append(Part(entry["name"], entry["media_type"],
                          bytes(body[offset:offset + size])))
        offset += size
    if offset != len(body):
        raise ValueError(f"the parts hold {len(body)} bytes, the manifest says {offset}")
    return tuple(parts)


def format_time(value: datetime) -> str:
    """ISO 8601 in UTC ending in Z: the one time format of manifests, evidences and lists."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(value: Any) -> datetime:
    """The time `format_time` wrote; ValueError for anything else."""
    if not isinstance(value, str) or not value.endswith("Z"):
        raise ValueError("times are ISO 8601 in UTC, ending in Z")
    return datetime.fromisoformat(value)


# --- evidences --------------------------------------------------------------------------

class EvidenceType(enum.StrEnum):
    """ETSI EN 319 522-1 REM evidence events as e-CODEX names them (docs/exchange.md)."""
    SUBMISSION_ACCEPTANCE = "SubmissionAcceptance"
    SUBMISSION_REJECTION = "SubmissionRejection"
    DELIVERY = "Delivery"
    NON_DELIVERY = "NonDelivery"
    RETRIEVAL = "Retrieval"
    ACCEPTANCE = "Acceptance"
    REFUSAL = "Refusal"


EVIDENCE_FIELDS = ("evidence_id", "type", "message_id", "manifest_hash", "issuer_node",
                   "time", "reasons", "previous_hash")


def make_evidence(kind: EvidenceType, message_id: str, manifest_hash: str, issuer_node: str,
                  time: datetime, reasons: Sequence[dict[str, str]] = (),
                  previous: str | None = None) -> dict[str, Any]:
    """An evidence to sign. `reasons` are {"code", "text"} (a refusal code, the grounds);
    `previous` is the previous evidence token of the same message, whose hash is chained."""
    return {"evidence_id": new_id(), "type": EvidenceType(kind).value,
            "message_id": message_id, "manifest_hash": manifest_hash,
            "issuer_node": issuer_node, "time": format_time(time),
            "reasons": [dict(reason) for reason in reasons],
            "previous_hash": sha256_hex(previous) if previous else ""}


def sign_evidence(evidence: dict[str, Any], signing_key: OKPKey) -> str:
    """The evidence as a JWS compact over its canonical JSON."""
    _check_evidence(evidence)
    return sign_compact(canonical_json(evidence), signing_key, EVIDENCE_TYPE)


def verify_evidence(token: str, trust: TrustView) -> dict[str, Any]:
    """The evidence, verified with its issuer's key valid at its time; EnvelopeRefused."""
    try:
        unverified = jws.extract_compact(token.encode("ascii"))
        evidence = json.loads(unverified.payload)
        _check_evidence(evidence)
    except (JoseError, ValueError, TypeError, UnicodeError) as error:
        raise EnvelopeRefused("malformed", f"not an evidence: {error}") from error
    kid = _check_protected(unverified.headers(), EVIDENCE_TYPE)
    public = trust.signing_key(evidence["issuer_node"], kid, parse_time(evidence["time"]))
    verify_compact(token, public, EVIDENCE_TYPE)
    return evidence


def verify_evidence_chain(tokens: Sequence[str], trust: TrustView) -> list[dict[str, Any]]:
    """Evidences of one message, oldest first: each verified, each naming the previous
    one's hash, all naming the same message and manifest."""
    evidences, previous = [], ""
    for token in tokens:
        evidence = verify_evidence(token, trust)
        first = evidences[0] if evidences else evidence
        if evidence["previous_hash"] != previous or (
                (evidence["message_id"], evidence["manifest_hash"])
                != (first["message_id"], first["manifest_hash"])):
            raise EnvelopeRefused("malformed", f"evidence {evidence['evidence_id']} breaks "
                                  "the chain")
        evidences.append(evidence)
        previous = sha256_hex(token)
    return evidences


def chain_order(tokens: Sequence[str]) -> list[str]:
    """A message's evidence tokens in chain order, whatever order they were stored in (the
    other node's evidences arrive as they come): from a first one, naming no previous one,
    each followed by the one naming its hash; of several first ones, the longest chain.
    Tokens off that chain follow in the order given. Nothing is verified here:
    `verify_evidence_chain` does that."""
    following: dict[str, str] = {}
    starts = []
    for token in tokens:
        previous = _unverified_previous(token)
        if previous == "":
            starts.append(token)
        elif previous:
            following.setdefault(previous, token)
    chain = max((_follow(start, following) for start in starts), key=len, default=[])
    return chain + [token for token in tokens if token not in chain]


def _follow(token: str | None, following: dict[str, str]) -> list[str]:
    chain: list[str] = []
    while token is not None and token not in chain:
        chain.append(token)
        token = following.get(sha256_hex(token))
    return chain


def _unverified_previous(token: str) -> str | None:
    try:
        previous = json.loads(jws.extract_compact(token.encode("ascii")).payload)[
            "previous_hash"]
    except (JoseError, ValueError, TypeError, KeyError, UnicodeError):
        return None
    return previous if isinstance(previous, str) else None


def _check_evidence(evidence: Any) -> None:
    if not isinstance(evidence, dict) or sorted(evidence) != sorted(EVIDENCE_FIELDS):
        raise ValueError("the evidence's fields are not the expected ones")
    EvidenceType(evidence["type"])
    parse_time(evidence["time"])
    for name in ("evidence_id", "message_id", "issuer_node"):
        if not isinstance(evidence[name], str) or not IDENTIFIER.fullmatch(evidence[name]):
            raise ValueError(f"evidence {name} is not an identifier")
    for name in ("manifest_hash", "previous_hash"):
        if evidence[name] and not SHA256_HEX.fullmatch(str(evidence[name])):
            raise ValueError(f"evidence {name} is not a SHA-256")
    reasons = evidence["reasons"]
    if not isinstance(reasons, list) or not all(
            isinstance(r, dict) and set(r) == {"code", "text"}
            and all(isinstance(v, str) for v in r.values()) for r in reasons):
        raise ValueError("evidence reasons are {code, text} pairs")
