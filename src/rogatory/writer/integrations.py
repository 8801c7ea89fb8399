"""The only place the request writer calls other apps built beside it: the legal-basis finder,
the directory's routing and the case register. Each may be absent (its app not installed yet)
or have no answer; both are "unknown" to the writer and shown as such to the drafter.
"""

import datetime as dt
import importlib
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The other app cannot do it (not installed)."""


class NotSent(Exception):
    """The other app failed its part of a send (such as signing the PDF): the whole send was
    rolled back. The message says why, in the user's language."""


def _function(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError as error:
        if error.name and module.startswith(error.name):
            return None
        raise


def find_legal_basis(requesting: str, requested: str, cooperation_type: str, offence: str,
                     on: dt.date | None = None) -> dict | None:
    finder = _function("rogatory.legalbasis.services", "find_legal_basis")
    if finder is None:
        return None
    try:
        return finder(requesting, requested, cooperation_type, offence, on)
    except ValueError as error:
        logger.info("legal-basis finder has no answer: %s", error)
        return None


def route(state: str, assistance: str, urgent: bool = False) -> dict | None:
    directory_route = _function("rogatory.directory.selectors", "route")
    if directory_route is None:
        return None
    try:
        return directory_route(state, assistance, urgent)
    except (ValueError, LookupError) as error:
        logger.info("directory has no route: %s", error)
        return None


def register_outgoing(**fields):
    """Register the sent request as an outgoing case; raises Unavailable without a register."""
    register = _function("rogatory.cases.services", "register_outgoing")
    if register is None:
        raise Unavailable
    return register(**fields)


def send_through_exchange(draft, expected_version: int, by, sign: bool = True):
    """Send through Rogatory to the node serving the requested authority, the PDF signed by
    `by` if `sign`; Unavailable when the exchange is not installed or no node on the trust
    list serves that authority, NotSent when signing failed."""
    send = _function("rogatory.exchange.services", "send_request")
    if send is None:
        raise Unavailable
    return send(draft, expected_version, by, sign=sign)


def exchange_node(draft) -> str | None:
    """The node on the trust list serving the requested authority, if the exchange is
    installed and one does: the request can then be sent through Rogatory."""
    serving = _function("rogatory.exchange.services", "serving_node")
    return serving(draft) if serving else None
