"""Two nodes in temporary directories, and a trust list signed by a secretariat key."""

from datetime import UTC, datetime, timedelta

import pytest
from joserfc.jwk import OKPKey

from rogatory.exchange import keys, trustlist

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def node_a(tmp_path):
    return keys.init_node(tmp_path / "a", "node-a", "https://a.example/", NOW)


@pytest.fixture
def node_b(tmp_path):
    return keys.init_node(tmp_path / "b", "node-b", "https://b.example/", NOW)


@pytest.fixture(scope="session")
def secretariat():
    return OKPKey.generate_key("Ed25519")


def sign_list(secretariat, *nodes_and_authorities, issued=NOW, days=7):
    entries = [trustlist.entry(node.public_document(), authorities)
               for node, authorities in nodes_and_authorities]
    return trustlist.publish(entries, secretariat, issued, issued + timedelta(days=days))


@pytest.fixture
def trust(secretariat, node_a, node_b):
    token = sign_list(secretariat, (node_a, ["auth-fr"]), (node_b, ["auth-ke", "auth-ug"]))
    return trustlist.load(token, [secretariat.as_dict(private=False)], NOW)
