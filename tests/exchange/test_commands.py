"""`rogatory node` and `rogatory trust-list`: one node publishing its own list (a single
machine), and a second node importing the secretariat's list."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.test import override_settings

from rogatory.exchange import keys, local, network, trustlist
from rogatory.exchange.envelope import kid_of


def node_settings(data_dir):
    """The settings exchange-flow adds (settings.py), for one node's data directory."""
    return override_settings(EXCHANGE_NODE_DIR=data_dir / "node",
                             EXCHANGE_TRUST_LIST=data_dir / "trust-list.jws",
                             EXCHANGE_TRUST_ANCHORS=data_dir / "trust-anchors.json")


def run(data_dir, name, *args):
    out = StringIO()
    with node_settings(data_dir):
        call_command(load_command_class("rogatory.exchange", name), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def secretariat(tmp_path):
    data_dir = tmp_path / "secretariat"
    run(data_dir, "node", "init", "--id", "node-sec", "--endpoint", "https://sec.example/")
    return data_dir


def publish(tmp_path, data_dir, documents, name="list.jws", days="7"):
    entries = tmp_path / "entries.json"
    entries.write_text(json.dumps(documents))
    run(data_dir, "trust-list", "publish", str(entries), "-o", str(tmp_path / name),
        "--days", days)
    return tmp_path / name


def show(data_dir):
    return json.loads(run(data_dir, "node", "show"))


def test_node_init_show_rotate(secretariat):
    document = show(secretariat)
    assert document["id"] == "node-sec" and document["endpoint"] == "https://sec.example/"
    assert len(document["keys"]) == 2
    assert document["ca_certificates"][0].startswith("-----BEGIN CERTIFICATE-----")
    assert "new keys" in run(secretariat, "node", "rotate-keys")
    assert len(show(secretariat)["keys"]) == 4
    run(secretariat, "node", "rotate-keys", "--starts", "2030-01-01T00:00:00Z")
    starts = {key["not_before"] for key in show(secretariat)["keys"]}
    assert "2030-01-01T00:00:00Z" in starts


def test_node_init_twice_and_bad_input(secretariat, tmp_path):
    with pytest.raises(CommandError, match="already holds node node-sec"):
        run(secretariat, "node", "init", "--id", "other", "--endpoint", "https://o.example/")
    with pytest.raises(CommandError, match="not an http"):
        run(tmp_path / "x", "node", "init", "--id", "x", "--endpoint", "ftp://x/")
    with pytest.raises(CommandError, match="no readable node"):
        run(tmp_path / "none", "node", "show")


def test_single_machine_publishes_and_imports_its_own_list(secretariat, tmp_path):
    document = show(secretariat)
    token = publish(tmp_path, secretariat, [{**document, "authorities": ["auth-fr"]}])
    anchor = tmp_path / "anchor.json"
    anchor.write_text(json.dumps(document))
    assert "1 node(s)" in run(secretariat, "trust-list", "import", str(token), "--anchor",
                              str(anchor))
    with node_settings(secretariat):
        trust = local.trust()
    assert trust.serves("node-sec", "auth-fr")
    assert trust.ca_certificates() == document["ca_certificates"]


def test_second_node_imports_the_secretariats_list(secretariat, tmp_path):
    member = tmp_path / "member"
    run(member, "node", "init", "--id", "node-ke", "--endpoint", "https://ke.example/")
    documents = [{**show(secretariat), "authorities": ["auth-sec"]},
                 {**show(member), "authorities": ["auth-ke"]}]
    first = publish(tmp_path, secretariat, documents, "first.jws")
    anchor = tmp_path / "anchor.json"
    anchor.write_text(json.dumps(show(secretariat)))
    with pytest.raises(CommandError, match="no secretariat key"):
        run(member, "trust-list", "import", str(first))
    run(member, "trust-list", "import", str(first), "--anchor", str(anchor))
    second = publish(tmp_path, secretariat, documents[:1], "second.jws")
    run(member, "trust-list", "import", str(second))  # the anchor is kept
    with node_settings(member):
        assert set(local.trust().nodes) == {"node-sec"}
    # The earlier list would bring node-ke's entry back: refused.
    with pytest.raises(CommandError, match="before the list in force"):
        run(member, "trust-list", "import", str(first))


def test_a_list_signed_by_another_node_is_refused(secretariat, tmp_path):
    member = tmp_path / "member"
    run(member, "node", "init", "--id", "node-ke", "--endpoint", "https://ke.example/")
    forged = publish(tmp_path, member, [{**show(member), "authorities": ["auth-sec"]}])
    anchor = tmp_path / "anchor.json"
    anchor.write_text(json.dumps(show(secretariat)))
    with pytest.raises(CommandError, match="not the secretariat's"):
        run(member, "trust-list", "import", str(forged), "--anchor", str(anchor))
    assert not (member / "trust-list.jws").exists()


@pytest.mark.parametrize("content", ["{}", "[1]", '[{"id": "x"}]', "not json", "\x00"])
def test_publish_refuses_bad_entries(secretariat, tmp_path, content):
    entries = tmp_path / "entries.json"
    entries.write_text(content)
    with pytest.raises(CommandError, match="publish"):
        run(secretariat, "trust-list", "publish", str(entries), "-o", str(tmp_path / "o"))


def test_publish_refuses_bad_days(secretariat, tmp_path):
    with pytest.raises(CommandError, match="--days"):
        publish(tmp_path, secretariat, [], days="0")


@pytest.mark.parametrize("anchor", [
    "[]", '{"keys": "x"}', '{"keys": 1}', '[{"crv": "Ed25519", "x": "!"}]',
    '[{"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}]', '[{"kty": "OKP", "crv": "Ed25519"}]',
])
def test_import_refuses_bad_anchors(secretariat, tmp_path, anchor):
    token = publish(tmp_path, secretariat, [{**show(secretariat), "authorities": ["a"]}])
    path = tmp_path / "anchor.json"
    path.write_text(anchor)
    with pytest.raises(CommandError, match="import"):
        run(secretariat, "trust-list", "import", str(token), "--anchor", str(path))


def test_the_anchor_has_only_public_signing_keys(secretariat, tmp_path):
    document = show(secretariat)
    anchors = trustlist.anchors_from(document)
    node = keys.load_node(secretariat / "node")
    assert [kid_of(a) for a in anchors] == [node.current("sig", datetime.now(UTC)).kid]
    assert all(set(a) == {"kty", "crv", "x"} for a in anchors)


def test_a_failed_node_command_says_why(tmp_path):
    spec = network.NodeSpec("node-x", 0, "NL", tmp_path)
    with pytest.raises(network.CommandFailed, match="Unknown command"):
        network.rogatory(spec, "no-such-command")
