"""The scoring rules of the gap report: plain Python, no Django, so they are easy to read,
test and reuse.

A question is described by a dict {"code", "article", "type", "mandatory", "choices",
"thresholds"}; an answer by {"value", "number", "text"} or None (not answered).

- yes/no/partly: yes -> implemented, partly -> partly, no -> not; "unknown" or no answer ->
  not assessed (unknown is never counted as "no").
- choice: each choice carries its status in the questionnaire data; "none" makes the choice
  informational (not scored).
- number: {"implemented_at": n, "partly_at": m}: >= n implemented, >= m partly, below not.
  Without thresholds a number is information only.
- text: information only, never scored.
Informational questions (INFO) do not enter an article's status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

IMPLEMENTED = "implemented"
PARTLY = "partly"
NOT = "not"
NOT_ASSESSED = "not_assessed"
INFO = "info"  # answered or not, the question is not scored
STATUSES = (IMPLEMENTED, PARTLY, NOT, NOT_ASSESSED)
RANK = {NOT: 0, PARTLY: 1, IMPLEMENTED: 2}

HIGH, MEDIUM, LOW = "high", "medium", "low"
PRIORITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}

IMPROVED, WORSE, UNCHANGED, NEW, NOT_COMPARABLE = (
    "improved", "worse", "unchanged", "new", "not_comparable")

YES_NO = {"yes": IMPLEMENTED, "partly": PARTLY, "no": NOT}


def score_answer(question: Mapping, answer: Mapping | None) -> str:
    """The status one answer gives its question."""
    kind = question["type"]
    if kind == "text":
        return INFO
    if kind == "number":
        return _score_number(question.get("thresholds") or {}, answer)
    value = (answer or {}).get("value") or ""
    if kind == "yes_no":
        return YES_NO.get(value, NOT_ASSESSED)
    if kind == "choice":
        return _score_choice(question.get("choices") or [], value)
    raise ValueError(f"unknown question type: {kind}")


def _score_choice(choices: Iterable[Mapping], value: str) -> str:
    statuses = {choice["value"]: choice.get("status", "none") for choice in choices}
    if any(status in RANK for status in statuses.values()):
        if not value or value not in statuses:
            return NOT_ASSESSED
        status = statuses[value]
        return status if status in RANK else NOT_ASSESSED
    return INFO


def _score_number(thresholds: Mapping, answer: Mapping | None) -> str:
    if "implemented_at" not in thresholds:
        return INFO
    number = (answer or {}).get("number")
    if number is None:
        return NOT_ASSESSED
    if number >= thresholds["implemented_at"]:
        return IMPLEMENTED
    if number >= thresholds.get("partly_at", thresholds["implemented_at"]):
        return PARTLY
    return NOT


def aggregate(statuses: Iterable[str]) -> str:
    """An article's status from its scored questions.

    Only assessed questions count: all implemented -> implemented, all not -> not, a mix ->
    partly; nothing assessed -> not assessed. Coverage is reported beside it (`coverage`).
    """
    assessed = [status for status in statuses if status in RANK]
    if not assessed:
        return NOT_ASSESSED
    if all(status == IMPLEMENTED for status in assessed):
        return IMPLEMENTED
    if all(status == NOT for status in assessed):
        return NOT
    return PARTLY


def coverage(statuses: Iterable[str]) -> tuple[int, int]:
    """(assessed, scored) questions: how much of the article the status rests on."""
    scored = [status for status in statuses if status != INFO]
    return sum(status in RANK for status in scored), len(scored)


def priority(status: str, mandatory: bool) -> str | None:
    """The priority of a technical-assistance need, or None when there is none.

    A mandatory obligation not implemented is high; partly implemented (or an optional one
    not implemented) is medium; an optional one partly implemented is low.
    """
    if status == NOT:
        return HIGH if mandatory else MEDIUM
    if status == PARTLY:
        return MEDIUM if mandatory else LOW
    return None


@dataclass(frozen=True)
class Need:
    article: str
    code: str
    status: str
    priority: str


def needs(questions: Iterable[Mapping], statuses: Mapping[str, str]) -> list[Need]:
    """Technical-assistance needs, one per question not (fully) implemented, highest first."""
    found = []
    for question in questions:
        status = statuses.get(question["code"], NOT_ASSESSED)
        level = priority(status, bool(question.get("mandatory", True)))
        if level:
            found.append(Need(question["article"], question["code"], status, level))
    return sorted(found, key=lambda need: (PRIORITY_ORDER[need.priority],
                                           article_key(need.article), need.code))


def article_statuses(questions: Iterable[Mapping], statuses: Mapping[str, str]
                     ) -> dict[str, str]:
    """Each article's aggregate status, articles in numeric order."""
    by_article: dict[str, list[str]] = {}
    for question in questions:
        by_article.setdefault(question["article"], []).append(
            statuses.get(question["code"], NOT_ASSESSED))
    return {article: aggregate(by_article[article])
            for article in sorted(by_article, key=article_key)}


def article_needs(questions: Iterable[Mapping], statuses: Mapping[str, str]) -> dict[str, str]:
    """The highest priority of need per article (articles without needs are left out)."""
    result: dict[str, str] = {}
    for need in needs(questions, statuses):
        current = result.get(need.article)
        if current is None or PRIORITY_ORDER[need.priority] < PRIORITY_ORDER[current]:
            result[need.article] = need.priority
    return result


def compare(previous: Mapping[str, str], current: Mapping[str, str]) -> dict[str, str]:
    """Per article of the current assessment: improved, worse, unchanged, new (the previous
    assessment had no such article) or not comparable (either side not assessed)."""
    result = {}
    for article, now in current.items():
        before = previous.get(article)
        if before is None:
            result[article] = NEW
        elif before not in RANK or now not in RANK:
            result[article] = NOT_COMPARABLE
        elif RANK[now] > RANK[before]:
            result[article] = IMPROVED
        elif RANK[now] < RANK[before]:
            result[article] = WORSE
        else:
            result[article] = UNCHANGED
    return result


def article_key(article: str) -> tuple[int, str]:
    digits = "".join(char for char in article if char.isdigit())
    return (int(digits) if digits else 10_000, article)
