"""How envelopes travel between nodes, behind one interface: HTTPS POST is built in; an AS4
gateway (e-CODEX/Domibus) would be another `Transport` (docs/exchange.md)."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

CONTENT_TYPE = "application/jose"
# The sending node's signed SubmissionAcceptance (a JWS compact, ASCII) travels beside the
# envelope: it names the manifest's hash, so it cannot be inside what it names.
SUBMISSION_HEADER = "Rogatory-Submission-Evidence"
# What a refusal answer may be: a short JSON document, never the size of an envelope.
MAX_ANSWER_BYTES = 256 * 1024


class TransportError(Exception):
    """Delivery failed. `permanent`: retrying cannot help (the receiver refused it)."""

    def __init__(self, message: str, permanent: bool = False, evidence: str = ""):
        super().__init__(message)
        self.permanent = permanent
        self.evidence = evidence  # the receiver's signed NonDelivery, when it gave one


@dataclass(frozen=True)
class Receipt:
    evidence: str  # the receiver's signed Delivery evidence (compact JWS)


class Transport(Protocol):
    def deliver(self, endpoint: str, envelope: bytes, submission: str = "") -> Receipt:
        """Carry `envelope` and the sender's `submission` evidence to `endpoint`."""


def _answer(response) -> dict:
    raw = response.read(MAX_ANSWER_BYTES + 1)
    if len(raw) > MAX_ANSWER_BYTES:
        raise TransportError("answer too large")
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise TransportError("answer is not JSON") from error
    if not isinstance(answer, dict):
        raise TransportError("answer is not a JSON object")
    return answer


class HttpTransport:
    """POST the envelope bytes to the receiving node's inbox; the answer carries the evidence.

    4xx answers are permanent (the receiver refused the envelope and says why); 5xx answers,
    time-outs and refused connections are temporary.
    """

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout if timeout is not None else settings.EXCHANGE_TIMEOUT_SECONDS

    def deliver(self, endpoint: str, envelope: bytes, submission: str = "") -> Receipt:
        if not endpoint.startswith(("https://", "http://")):
            raise TransportError(f"not an HTTP endpoint: {endpoint}", permanent=True)
        headers = {"Content-Type": CONTENT_TYPE, "Accept": "application/json"}
        if submission:
            headers[SUBMISSION_HEADER] = submission
        request = urllib.request.Request(  # noqa: S310  # scheme checked above
            endpoint, data=envelope, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                answer = _answer(response)
        except urllib.error.HTTPError as error:
            raise _refusal(error) from error
        except (OSError, TimeoutError) as error:
            raise TransportError(str(error)) from error
        if not isinstance(answer.get("evidence"), str):
            raise TransportError("answer carries no evidence")
        return Receipt(evidence=answer["evidence"])


def _refusal(error: urllib.error.HTTPError) -> TransportError:
    if error.code >= 500 or error.code in (408, 429):
        return TransportError(f"HTTP {error.code}")
    try:
        answer = _answer(error)
    except TransportError:
        answer = {}
    reason = str(answer.get("reason") or f"HTTP {error.code}")[:500]
    evidence = answer.get("evidence") if isinstance(answer.get("evidence"), str) else ""
    return TransportError(reason, permanent=True, evidence=evidence)


def default_transport() -> Transport:
    return HttpTransport()
