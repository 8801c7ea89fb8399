"""Fixtures of the request writer's tests: the example requests and contract-shaped answers
of the directory (`route`) and the legal-basis finder (`find_legal_basis`), supplied through
the writer's adapter (`rogatory.writer.integrations`) until those apps are merged."""

import copy
import json
from pathlib import Path

import pytest

from rogatory.writer import integrations

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "requests"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def route_result(state: str = "FR", **changes) -> dict:
    """A route answer of the documented shape (CONTRACTS.md, directory)."""
    result = {
        "state": state, "assistance": "mla", "urgent": False,
        "authority": {"id": None, "name": "Bureau de l'entraide pénale internationale",
                      "name_en": "International Criminal Assistance Office", "state": state,
                      "part": 1},
        "languages": ["fr", "en"], "certified_translation": False,
        "channels": ["central_authority", "email", "interpol"], "original_required": False,
        "urgent_procedure": "", "requirements": {"dual_criminality": False, "notes": ""},
        "last_verified": "2026-01-15", "stale": False, "source": "https://example.org/cna",
        "as_of": "2026-01-15",
    }
    for key, value in changes.items():
        if key == "requirements":
            result["requirements"] = {**result["requirements"], **value}
        else:
            result[key] = value
    return result


def basis_result(verdict: str = "available", code: str = "UNTOC", recommended: str | None = None,
                 confirm=()) -> dict:
    """A legal-basis answer of the documented shape (CONTRACTS.md, legalbasis)."""
    instrument = {"code": code, "name": f"{code} (test)", "kind": "multilateral"}
    return {
        "requesting": "NL", "requested": "FR", "type": "mla", "offence": "money_laundering",
        "date": "2026-03-02",
        "candidates": [{"instrument": instrument, "verdict": verdict,
                        "reasons": [{"article": "UNTOC art. 18(7)", "text": "Both are parties.",
                                     "facts": [{"state": "FR", "instrument": code,
                                                "fact": "party", "value": True,
                                                "source": "C.N.1.2002", "as_of": "2002-01-01"}]}],
                        "confirm": list(confirm)}],
        "recommended": {"code": recommended or code, "name": "x", "kind": "multilateral"}
        if verdict != "unavailable" else None,
        "practical": {"central_authority": None, "languages": None},
    }


@pytest.fixture
def directory(monkeypatch):
    """Set what the directory answers: `directory(result)`; None means no authority known."""
    calls = []

    def install(result):
        def fake(state, assistance, urgent=False):
            calls.append((state, assistance, urgent))
            return copy.deepcopy(result)

        monkeypatch.setattr(integrations, "route", fake)
        return calls

    return install


@pytest.fixture
def finder(monkeypatch):
    def install(result):
        calls = []

        def fake(requesting, requested, cooperation_type, offence, on=None):
            calls.append((requesting, requested, cooperation_type, offence))
            return copy.deepcopy(result)

        monkeypatch.setattr(integrations, "find_legal_basis", fake)
        return calls

    return install


@pytest.fixture(autouse=True)
def _default_finder(request, monkeypatch):
    """The writer's own tests decide what the finder answers (UNTOC available unless a test
    installs another answer with `finder`); tests marked `real_integrations` use the real one."""
    if request.node.get_closest_marker("real_integrations"):
        return
    monkeypatch.setattr(integrations, "find_legal_basis",
                        lambda *args, **kwargs: basis_result())
