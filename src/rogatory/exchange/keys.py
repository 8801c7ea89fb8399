"""A node's identity and keys, kept as files in a directory (pure Python, no Django).

The directory (`<ROGATORY_DATA_DIR>/node` in production, a temporary one in tests) holds
`node.json` (id and endpoint) and `keys/<kid>.json`: one private JWK per key — Ed25519 to
sign, X25519 to receive encrypted envelopes — with the members `use`, `not_before` and
`not_after`. Files are created 0600 in a 0700 directory, and never overwritten.

Rotation adds a new pair and keeps the old ones: they still verify what they signed and
decrypt what was sealed to them until their `not_after`; the newest key in force signs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from joserfc.jwk import OKPKey

from rogatory.exchange.envelope import IDENTIFIER, format_time, parse_time

VALIDITY = timedelta(days=730)
CURVES = {"sig": "Ed25519", "enc": "X25519"}
NODE_FILE = "node.json"
KEYS_DIR = "keys"


class NodeError(Exception):
    """The node directory is missing, incomplete or holds something unexpected."""


@dataclass(frozen=True)
class NodeKey:
    key: OKPKey  # private
    use: str  # "sig" or "enc"
    not_before: datetime
    not_after: datetime

    @property
    def kid(self) -> str:
        return self.key.thumbprint()

    def valid_at(self, at: datetime) -> bool:
        return self.not_before <= at < self.not_after

    def public(self) -> dict[str, Any]:
        """The public JWK with its use and validity, as node documents and lists carry it."""
        return {**self.key.as_dict(private=False), "kid": self.kid, "use": self.use,
                "not_before": format_time(self.not_before),
                "not_after": format_time(self.not_after)}

    def private(self) -> dict[str, Any]:
        return {**self.key.as_dict(private=True), **self.public()}


@dataclass(frozen=True)
class Node:
    id: str
    endpoint: str
    keys: tuple[NodeKey, ...]

    def current(self, use: str, now: datetime) -> NodeKey:
        """The newest key of `use` in force at `now`: the one that signs or is sealed to."""
        valid = [key for key in self.keys if key.use == use and key.valid_at(now)]
        if not valid:
            raise NodeError(f"no {use} key in force at {format_time(now)}: rotate the keys")
        return max(valid, key=lambda key: key.not_before)

    def signing_key(self, now: datetime) -> OKPKey:
        return self.current("sig", now).key

    def decryption_keys(self, now: datetime) -> list[OKPKey]:
        """Every encryption key not yet ended: envelopes sealed before a rotation open."""
        return [key.key for key in self.keys if key.use == "enc" and now < key.not_after]

    def public_document(self, ca_certificates: list[str] | tuple[str, ...] = ()
                        ) -> dict[str, Any]:
        """What `/.well-known/rogatory-node` publishes and the secretariat copies into the
        trust list: id, endpoint, public keys with validity, and the PEM certificates of the
        node's officer CA (`rogatory.exchange.pades`), which verify its signed PDFs."""
        return {"id": self.id, "endpoint": self.endpoint,
                "keys": [key.public() for key in self.keys],
                "ca_certificates": list(ca_certificates)}


def init_node(directory: Path, node_id: str, endpoint: str, now: datetime,
              validity: timedelta = VALIDITY) -> Node:
    """A new node: its identity and a first pair of keys. Refuses an existing node."""
    if not IDENTIFIER.fullmatch(node_id):
        raise NodeError(f"{node_id[:40]!r} is not a node id (letters, digits, . _ : -)")
    if urlsplit(endpoint).scheme not in {"https", "http"} or not urlsplit(endpoint).netloc:
        raise NodeError(f"{endpoint[:80]!r} is not an http(s) URL")
    if (directory / NODE_FILE).exists():
        raise NodeError(f"{directory} already holds node {load_node(directory).id}")
    (directory / KEYS_DIR).mkdir(parents=True, mode=0o700, exist_ok=True)
    _write_json(directory / NODE_FILE, {"id": node_id, "endpoint": endpoint})
    return rotate_keys(directory, now, validity=validity)


def rotate_keys(directory: Path, now: datetime, starts: datetime | None = None,
                validity: timedelta = VALIDITY) -> Node:
    """Add a new signing and encryption key in force from `starts` (default now), keeping
    the old ones. Publish the new node document on the trust list before `starts`, or
    receivers will not know the key that signs."""
    begin = starts or now
    for use, curve in CURVES.items():
        key = NodeKey(OKPKey.generate_key(curve), use, begin, begin + validity)
        _write_json(directory / KEYS_DIR / f"{key.kid}.json", key.private())
    return load_node(directory)


def load_node(directory: Path) -> Node:
    try:
        identity = json.loads((directory / NODE_FILE).read_text(encoding="utf-8"))
        keys = tuple(sorted((_read_key(path) for path in (directory / KEYS_DIR).glob("*.json")),
                            key=lambda key: (key.not_before, key.use)))
        return Node(identity["id"], identity["endpoint"], keys)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NodeError(f"{directory} holds no readable node: {error}") from error


def _read_key(path: Path) -> NodeKey:
    data = json.loads(path.read_text(encoding="utf-8"))
    jwk = {name: data[name] for name in ("kty", "crv", "x", "d")}
    key = NodeKey(OKPKey.import_key(jwk), data["use"], parse_time(data["not_before"]),
                  parse_time(data["not_after"]))
    if CURVES.get(key.use) != key.key.curve_name or path.stem != key.kid:
        raise ValueError(f"{path.name} is not the {key.use} key its name says")
    return key


def write_private(path: Path, data: bytes, replace: bool = True) -> None:
    """Write `path` readable by its owner only, in one step. With `replace=False` an
    existing file is an error (FileExistsError) and is left alone: keys are never lost."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    if replace:
        temporary.replace(path)
    else:
        try:
            os.link(temporary, path)  # fails if `path` exists, unlike a rename
        finally:
            temporary.unlink()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    write_private(path, json.dumps(data, indent=2, sort_keys=True).encode(), replace=False)
