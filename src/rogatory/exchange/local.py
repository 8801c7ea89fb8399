"""This installation's node: where its keys, CA and trust list live (the one Django-aware
module of the cryptographic layer; the others take the directory as an argument)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings

from rogatory.exchange import keys, pades, trustlist


def node_directory() -> Path:
    """`<ROGATORY_DATA_DIR>/node`: node.json, keys/, pades/, the trust list and anchors."""
    return Path(settings.DATA_DIR) / "node"


def node() -> keys.Node:
    return keys.load_node(node_directory())


def public_document(now: datetime) -> dict:
    """What `/.well-known/rogatory-node` serves: the node and its officer CA certificate."""
    current = node()
    ca = pades.ca_certificate(node_directory(), current.id, now).decode("ascii")
    return current.public_document([ca])


def trust_list(now: datetime) -> trustlist.TrustList:
    """The imported trust list, verified; TrustListRefused when missing or expired."""
    return trustlist.read_local(node_directory(), now)
