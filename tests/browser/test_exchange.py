"""The exchange in a browser, between two nodes as real processes on loopback (both on SQLite,
each its gunicorn and exchange worker, as in tests/exchange/test_network.py), shared by the
module: an officer of node A sends a finished request through Rogatory; an officer of node B
sees it arrive in the inbox, opens it (Retrieval) and accepts it (Acceptance); the officer of A
sees the evidence timeline of every step."""

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from rogatory.accounts.demo import DEMO_PASSWORD
from rogatory.exchange.network import NodeSpec, prepare
from tests.conftest import sign_in
from tests.exchange.test_network import (
    FAST,
    NL,
    Node,
    _draft,
    _messages,
    _officer_of,
    _wait,
    free_port,
)

# The nodes are shared by the module: every test of it runs on one xdist worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("exchange-nodes")]
STEPS = ("SubmissionAcceptance", "Delivery", "Retrieval", "Acceptance")


@pytest.fixture(scope="module")
def nodes():
    folder = Path(tempfile.mkdtemp(prefix="rogatory-exchange-browser-"))
    a = Node(NodeSpec("node-a", free_port(), "NL", folder / "a", extra_env=FAST))
    b = Node(NodeSpec("node-b", free_port(), "FR", folder / "b", extra_env=FAST))
    prepare([a.spec, b.spec])
    for node in (a, b):
        node.start_web()
        node.start_worker()
    yield a, b
    for process in (a.web, a.worker, b.web, b.worker):
        process.terminate()
        process.wait(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def open_page(browser):
    """A page signed in on a node as one of its demo accounts."""
    contexts = []

    def signed_in(node: Node, email: str) -> Page:
        context = browser.new_context(base_url=node.spec.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30000)  # real processes on a loaded machine
        sign_in(page, email, DEMO_PASSWORD)
        page.wait_for_url(lambda url: "/accounts/" not in url)
        return page

    yield signed_in
    for context in contexts:
        context.close()


def _badges(page: Page, message_id: int) -> set[str]:
    page.reload()
    badges = page.locator(f"#message-{message_id} .evidences .badge")
    return {badges.nth(i).get_attribute("data-type") for i in range(badges.count())}


def test_sent_arrives_is_opened_accepted_and_the_sender_sees_every_evidence(nodes, open_page):
    a, b = nodes
    sender = open_page(a, NL)
    sender.goto(f"/exchange/requests/{_draft(a, NL, 'Operation Heron')}/send/")
    sender.get_by_role("button", name="Send through Rogatory").click()
    sender.wait_for_url("**/exchange/cases/*/")
    expect(sender.locator(".timeline")).to_contain_text("submission accepted")
    sent = _wait(lambda: next(iter(_messages(a, NL, kind="request", status="delivered")), None),
                 "Delivery evidence on A")

    receiver = open_page(b, _officer_of(sent["recipient_authority"]))
    receiver.goto("/exchange/inbox/")
    arrived = receiver.locator("tbody tr").filter(has_text="node-a")
    expect(arrived).to_have_count(1)
    expect(arrived).to_contain_text("not yet")
    arrived.locator("a").first.click()
    evidences = receiver.locator(".evidences")
    expect(evidences).to_contain_text("opened by the receiving authority")
    receiver.get_by_role("button", name="Accept the request").click()
    expect(evidences).to_contain_text("accepted by the receiving authority")
    expect(receiver.get_by_role("button", name="Accept the request")).to_have_count(0)
    receiver.goto("/exchange/inbox/")
    expect(arrived).not_to_contain_text("not yet")

    # Retrieval and Acceptance travel back as signed evidence messages.
    _wait(lambda: set(STEPS) <= _badges(sender, sent["id"]), "all four evidences on A")
    expect(sender.locator(f"#message-{sent['id']}")).to_contain_text("signed by node-b")
