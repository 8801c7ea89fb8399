"""Case references from a per-authority pattern (pure Python).

A pattern is a Python format string over `{kind}`, `{direction}`, `{year}` and `{seq}`; the
default gives `MLO-2026-0042` (MLA, outgoing, 2026, 42nd case of the authority that year).
Sequence numbers run per authority and year, so a pattern must hold `{year}` and `{seq}` to
stay unique.
"""

import string

DEFAULT_PATTERN = "{kind}{direction}-{year}-{seq:04d}"
FIELDS = frozenset({"kind", "direction", "year", "seq"})
REQUIRED = frozenset({"year", "seq"})
KIND_CODES = {
    "mla": "ML", "extradition": "EX", "confiscation": "CF", "transfer_of_proceedings": "TP",
    "jit": "JI", "e_evidence_preservation": "PR", "transfer_of_sentenced_persons": "TS",
    "other": "OT",
}
DIRECTION_CODES = {"outgoing": "O", "incoming": "I"}
MAX_LENGTH = 60


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern is unusable (None when it is fine)."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern)
                 if name is not None}
    except ValueError:
        return "malformed"
    if names - FIELDS:
        return "unknown_field"
    if not names >= REQUIRED:
        return "missing_field"
    try:
        sample = format_reference(pattern, "mla", "outgoing", 2026, 42)
    except (ValueError, TypeError, KeyError, IndexError):
        return "malformed"
    if not sample or len(sample) > MAX_LENGTH:
        return "too_long"
    return None


def format_reference(pattern: str, kind: str, direction: str, year: int, seq: int) -> str:
    return pattern.format(kind=KIND_CODES.get(kind, "OT"),
                          direction=DIRECTION_CODES[direction], year=year, seq=seq)
