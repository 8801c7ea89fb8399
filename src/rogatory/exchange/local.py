"""This node as Django sees it: its keys (in the data directory) and the trust list it
imported, each read again only when its files change."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from rogatory.exchange import keys, pades, trustlist


def node_dir() -> Path:
    return Path(settings.EXCHANGE_NODE_DIR)


def _stamp(*paths: Path) -> tuple:
    return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in paths)


def node() -> keys.Node:
    directory = node_dir()
    return _node(str(directory), _stamp(directory / keys.NODE_FILE, directory / keys.KEYS_DIR))


def public_document() -> dict:
    """This node's public document with its officer CA's certificate (made on first use),
    which verifies the PDFs its officers sign."""
    found = node()
    ca = pades.ca_certificate(node_dir(), found.id, timezone.now()).decode("ascii")
    return found.public_document([ca])


@lru_cache(maxsize=4)
def _node(directory: str, _stamp: tuple) -> keys.Node:
    return keys.load_node(Path(directory))


def trust() -> trustlist.TrustList:
    """The imported trust list, verified with the trust anchors (the secretariat's keys)."""
    files = (Path(settings.EXCHANGE_TRUST_LIST), Path(settings.EXCHANGE_TRUST_ANCHORS))
    found = _trust(*map(str, files), _stamp(*files))
    if found.next_update <= timezone.now():
        raise trustlist.TrustListRefused("the trust list expired; import a newer one")
    return found


@lru_cache(maxsize=4)
def _trust(list_file: str, anchors_file: str, _stamp: tuple) -> trustlist.TrustList:
    anchors = trustlist.read_anchors(Path(anchors_file))
    return trustlist.load(Path(list_file).read_text(encoding="ascii").strip(), anchors,
                          timezone.now())
