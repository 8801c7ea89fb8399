"""The secretariat's signed trust list (pure Python, no Django).

The list names every node: its id, endpoint, public keys with their validity, the PEM
certificates of its officer CA, and the directory authorities it serves. The secretariat
signs it as a JWS (Ed25519, typ `rogatory-trust-list+json`) with `issued` and `next_update`;
a node loads it only with the secretariat's public key (the trust anchor, given explicitly)
and only until `next_update`. A loaded `TrustList` is the `TrustView` that opening envelopes
and verifying evidences ask. On one machine and in tests, the list is a local file signed
by the node's own key (`rogatory trust-list publish`, then `import`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from rogatory.exchange.envelope import (
    IDENTIFIER,
    EnvelopeRefused,
    canonical_json,
    format_time,
    parse_time,
    sign_compact,
    verify_compact,
)
from rogatory.exchange.keys import write_private

LIST_TYPE = "rogatory-trust-list+json"
LIST_VERSION = 1
MAX_LIST_BYTES = 8 * 2**20
KEY_MEMBERS = ("kty", "crv", "x", "kid", "use", "not_before", "not_after")
USE_CURVES = {"sig": "Ed25519", "enc": "X25519"}


class TrustListRefused(Exception):
    """A trust list that must not be used: bad signature, expired, or malformed."""


@dataclass(frozen=True)
class NodeEntry:
    id: str
    endpoint: str
    keys: tuple[dict[str, Any], ...]  # public JWKs with use, not_before, not_after
    authorities: frozenset[str]
    ca_certificates: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "endpoint": self.endpoint, "keys": list(self.keys),
                "authorities": sorted(self.authorities),
                "ca_certificates": list(self.ca_certificates)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NodeEntry:
        entry = cls(data["id"], data["endpoint"], tuple(_checked_key(k) for k in data["keys"]),
                    frozenset(data["authorities"]), tuple(data.get("ca_certificates", ())))
        names = [entry.id, *entry.authorities]
        if not all(isinstance(name, str) and IDENTIFIER.fullmatch(name) for name in names):
            raise ValueError(f"node {str(entry.id)[:40]!r}: ids must be identifiers")
        if not isinstance(entry.endpoint, str) or not all(
                isinstance(pem, str) for pem in entry.ca_certificates):
            raise ValueError(f"node {entry.id}: endpoint and certificates are text")
        return entry

    def key(self, use: str, kid: str) -> dict[str, Any] | None:
        return next((k for k in self.keys if k["use"] == use and k["kid"] == kid), None)

    def current(self, use: str, at: datetime) -> dict[str, Any] | None:
        """The newest key of `use` in force at `at` (what a sender seals to)."""
        valid = [k for k in self.keys if k["use"] == use and _valid_at(k, at)]
        return max(valid, key=lambda k: parse_time(k["not_before"])) if valid else None


@dataclass(frozen=True)
class TrustList:
    issued: datetime
    next_update: datetime
    nodes: dict[str, NodeEntry]

    def signing_key(self, node_id: str, kid: str, at: datetime) -> dict[str, Any]:
        node = self.nodes.get(node_id)
        if node is None:
            raise EnvelopeRefused("sender_not_trusted", f"{node_id} is not on the trust list")
        key = node.key("sig", kid)
        if key is None:
            raise EnvelopeRefused("unknown_key", f"{node_id} has no signing key {kid}")
        if not _valid_at(key, at):
            raise EnvelopeRefused("expired_key", f"key {kid} of {node_id} is valid from "
                                  f"{key['not_before']} to {key['not_after']}, not at "
                                  f"{format_time(at)}")
        return _jwk(key)

    def serves(self, node_id: str, authority_id: str) -> bool:
        node = self.nodes.get(node_id)
        return node is not None and authority_id in node.authorities

    def encryption_key(self, node_id: str, at: datetime) -> dict[str, Any] | None:
        """The public X25519 JWK to seal an envelope to `node_id`, None if it has none."""
        node = self.nodes.get(node_id)
        key = node.current("enc", at) if node else None
        return _jwk(key) if key else None

    def node_serving(self, authority_id: str) -> NodeEntry | None:
        """The node an envelope for `authority_id` goes to (None: send on paper)."""
        return next((n for n in self.nodes.values() if authority_id in n.authorities), None)

    def ca_certificates(self) -> list[str]:
        """Every node's officer CA certificate (PEM): trust roots for signed PDFs."""
        return [pem for node in self.nodes.values() for pem in node.ca_certificates]


def entry(document: dict[str, Any], authorities: Iterable[str]) -> dict[str, Any]:
    """A trust-list entry from a node's public document and the authorities it serves;
    ValueError when the document is not one."""
    try:
        return NodeEntry.from_json({**document, "authorities": list(authorities)}).as_json()
    except (JoseError, KeyError, TypeError) as error:
        raise ValueError(f"not a node document: {error!r}") from error


def publish(entries: Sequence[dict[str, Any]], secretariat_key: OKPKey, issued: datetime,
            next_update: datetime) -> str:
    """The signed list (JWS compact). `entries` are `entry()` dicts."""
    nodes = [NodeEntry.from_json(data) for data in entries]
    if len({node.id for node in nodes}) != len(nodes):
        raise ValueError("a node appears twice")
    if not issued < next_update:
        raise ValueError("next_update must follow issued")
    payload = {"version": LIST_VERSION, "issued": format_time(issued),
               "next_update": format_time(next_update),
               "nodes": [node.as_json() for node in sorted(nodes, key=lambda n: n.id)]}
    return sign_compact(canonical_json(payload), secretariat_key, LIST_TYPE)


def load(token: str, secretariat_public: Sequence[dict[str, Any]], now: datetime,
         max_skew: timedelta = timedelta(minutes=5)) -> TrustList:
    """The verified list. `secretariat_public` are the secretariat's public JWKs (more than
    one while it rotates its key). Refuses a bad signature, an expired or future list."""
    trust_list = _verified(token, secretariat_public)
    if trust_list.next_update <= now:
        raise TrustListRefused(f"the trust list expired at {format_time(trust_list.next_update)}"
                               "; import a newer one")
    if trust_list.issued > now + max_skew:
        raise TrustListRefused(f"the trust list is issued in the future "
                               f"({format_time(trust_list.issued)}): check the clock")
    return trust_list


def import_list(list_path: Path, anchors_path: Path, token: str, now: datetime,
                anchors: Sequence[dict[str, Any]] | None = None) -> TrustList:
    """Verify `token` and make it the node's list (with new `anchors` when given). Refuses
    a list issued before the one in force: an old list could bring back a removed key."""
    anchors = list(anchors) if anchors is not None else read_anchors(anchors_path)
    trust_list = load(token, anchors, now)
    if list_path.exists():
        in_force = _verified(list_path.read_text(encoding="ascii"), read_anchors(anchors_path))
        if trust_list.issued < in_force.issued:
            raise TrustListRefused(f"issued {format_time(trust_list.issued)}, before the list "
                                   f"in force ({format_time(in_force.issued)})")
    write_private(anchors_path, json.dumps(anchors, indent=2).encode())
    write_private(list_path, token.encode("ascii"))
    return trust_list


def read_anchors(path: Path) -> list[dict[str, Any]]:
    try:
        return anchors_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise TrustListRefused(f"no secretariat key (trust anchor) in {path}: give one with "
                               "`rogatory trust-list import --anchor`") from error


def anchors_from(data: Any) -> list[dict[str, Any]]:
    """The secretariat's public signing JWKs from a list of JWKs or from its node document
    (whose `sig` keys sign the list)."""
    try:
        keys = data["keys"] if isinstance(data, dict) else data
        anchors = [_jwk(key) for key in keys if isinstance(key, dict)
                   and key.get("crv") == "Ed25519" and "d" not in key]
        for anchor in anchors:
            OKPKey.import_key(anchor)  # a malformed key fails here, not at the next import
    except (JoseError, KeyError, TypeError) as error:
        raise ValueError(f"an anchor is a node document or a list of public JWKs: {error!r}"
                         ) from error
    if not anchors:
        raise ValueError("no public Ed25519 key among the anchors")
    return anchors


def _verified(token: str, anchors: Sequence[dict[str, Any]]) -> TrustList:
    """The list, signature verified, dates not checked."""
    if len(token) > MAX_LIST_BYTES:
        raise TrustListRefused("the trust list is too large")
    payload = _verified_payload(token, anchors)
    try:
        data = json.loads(payload)
        if data["version"] != LIST_VERSION:
            raise ValueError(f"version {data['version']!r}")
        return TrustList(parse_time(data["issued"]), parse_time(data["next_update"]),
                         {n["id"]: NodeEntry.from_json(n) for n in data["nodes"]})
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise TrustListRefused(f"the trust list is malformed: {error}") from error


def _verified_payload(token: str, anchors: Sequence[dict[str, Any]]) -> bytes:
    try:
        kid = jws.extract_compact(token.encode("ascii")).headers().get("kid")
    except (JoseError, ValueError, UnicodeError) as error:
        raise TrustListRefused("not a signed trust list") from error
    anchor = next((a for a in anchors if OKPKey.import_key(a).thumbprint() == kid), None)
    if anchor is None:
        raise TrustListRefused(f"signed by key {kid!r}, not the secretariat's")
    try:
        return verify_compact(token, anchor, LIST_TYPE)
    except EnvelopeRefused as error:
        raise TrustListRefused(f"the trust list's signature: {error.reason}") from error


def _checked_key(key: Any) -> dict[str, Any]:
    if not isinstance(key, dict) or not set(KEY_MEMBERS) <= set(key):
        raise ValueError("a key lacks " + ", ".join(KEY_MEMBERS))
    checked = {name: key[name] for name in KEY_MEMBERS}
    if (USE_CURVES.get(checked["use"]) != checked["crv"]
            or OKPKey.import_key(_jwk(checked)).thumbprint() != checked["kid"]):
        raise ValueError(f"key {str(checked['kid'])[:50]!r}: wrong curve or kid")
    if not parse_time(checked["not_before"]) < parse_time(checked["not_after"]):
        raise ValueError(f"key {checked['kid']}: not_after must follow not_before")
    return checked


def _valid_at(key: dict[str, Any], at: datetime) -> bool:
    return parse_time(key["not_before"]) <= at < parse_time(key["not_after"])


def _jwk(key: dict[str, Any]) -> dict[str, Any]:
    return {"kty": key["kty"], "crv": key["crv"], "x": key["x"]}

