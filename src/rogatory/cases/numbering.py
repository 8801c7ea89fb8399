"""Case references from a per-authority pattern (pure Python).

A pattern is a Python format string over `{kind}`, `{direction}`, `{year}` and `{seq}`; the
default gives `MLO-2026-0042` (MLA, outgoing, 2026, 42nd case of the authority that year).
Sequence numbers run per authority and year, so a pattern must hold `{year}` and `{seq}` to
stay unique.
"""

import re
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


class PatternTooLong(ValueError):
    """A width or precision in the pattern would make a reference longer than MAX_LENGTH."""


def _check_specs(pattern: str) -> None:
    """Refuse widths and precisions above MAX_LENGTH before formatting: `{seq:>800000000}`
    would otherwise build an 800 MB string first (issue #14, low 6). Nested fields in a
    spec (`{seq:>{year}}`) are refused for the same reason."""
    for _text, _name, spec, _conv in string.Formatter().parse(pattern):
        if spec and ("{" in spec or any(int(number) > MAX_LENGTH
                                        for number in re.findall(r"\d+", spec))):
            raise PatternTooLong(spec[:20])


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern is unusable (None when it is fine)."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern)
                 if name is not None}
        _check_specs(pattern)
    except PatternTooLong:
        return "too_long"
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
    _check_specs(pattern)  # also for a pattern saved without its form's check
    return pattern.format(kind=KIND_CODES.get(kind, "OT"),
                          direction=DIRECTION_CODES[direction], year=year, seq=seq)
