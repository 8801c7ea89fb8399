"""Extradition: through which channel each document travels and what the requested State asks
to see (pure Python, no Django import).

UNTOC art. 16 fixes neither the channel nor the supporting documents: art. 16(7) leaves the
conditions to the law of the requested State and the applicable treaties (art. 16(8) only asks
States to simplify evidentiary requirements). The usual practice, which the UN Model Treaty on
Extradition (General Assembly resolution 45/116, as amended by 52/88) writes down, is followed
unless the requested State's directory entry for extradition says otherwise:

* the request, its supporting documents and later communications go through the diplomatic
  channel, directly between ministries of justice, or between other authorities the Parties
  designate (art. 5(1));
* an application for provisional arrest, allowed by UNTOC art. 16(9) in urgent
  circumstances, may go through the facilities of INTERPOL, by post or by any other means
  that leaves a written record (art. 9(1));
* a State that asks for the evidence (common-law States: a prima facie case, a record of the
  case) says so in the directory (`evidence_statement`), as it says how documents must be
  authenticated (`authentication`) and which documents it needs (`documentation`).
"""

from __future__ import annotations

DIPLOMATIC = "diplomatic"
INTERPOL = "interpol"


def request_channel(channels: list[str] | None) -> str:
    """The channel of the formal request for extradition (Model Treaty art. 5(1)): the
    diplomatic channel where the directory lists it or lists nothing; else the first channel
    the requested State gives for extradition, INTERPOL apart (it carries provisional arrest,
    not the request)."""
    listed = [code for code in channels or [] if code != INTERPOL]
    if not listed or DIPLOMATIC in listed:
        return DIPLOMATIC
    return listed[0]


def arrest_channel(channels: list[str] | None) -> str:
    """The channel of the application for provisional arrest (Model Treaty art. 9(1)):
    INTERPOL where the directory lists it for urgent extradition matters; else the first
    channel it lists; else the diplomatic channel."""
    listed = list(channels or [])
    if INTERPOL in listed:
        return INTERPOL
    return listed[0] if listed else DIPLOMATIC


def evidence_statement_required(requirements: dict | None) -> bool:
    """True where the requested State's directory entry says it asks for a statement of the
    evidence (UNTOC art. 16(7): its law sets the conditions of extradition); unknown (None)
    is not a requirement."""
    return (requirements or {}).get("evidence_statement") is True


def required_documents(requirements: dict | None) -> dict[str, str]:
    """What the requested State's directory entry says about the supporting documents: the
    documents it needs and how they are authenticated, each only where recorded."""
    given = requirements or {}
    return {key: str(given[key]).strip() for key in ("documentation", "authentication")
            if str(given.get(key) or "").strip()}
