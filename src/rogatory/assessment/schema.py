"""The questionnaire file format (JSON) and its validation: plain Python, no Django.

{"code": "untoc", "instrument": "UNTOC", "title": {lang: text}, "notes": "...",
 "chapters": [{"key": "art-5", "articles": ["5"], "title": {lang: text},
   "questions": [{"code": "5.1", "article": "5", "provision": "art. 5(1)(a)(i)",
     "type": "yes_no|choice|number|text", "mandatory": true,
     "text": {lang: text}, "guidance": {lang: text},
     "choices": [{"value": "...", "label": {lang: text},
                  "status": "implemented|partly|not|none"}],
     "thresholds": {"implemented_at": 10, "partly_at": 1},
     "library": ["external id of a library item", ...]}]}]}

Every text needs at least English. The whole file is checked before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
TYPES = ("yes_no", "choice", "number", "text")
CHOICE_STATUSES = ("implemented", "partly", "not", "none")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$")
KEY = re.compile(r"^[a-z0-9][a-z0-9\-]{0,39}$")
ARTICLE = re.compile(r"^[0-9]{1,3}(bis|ter)?$")


class QuestionnaireInvalid(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[:20]))


def _texts(value: object, where: str, errors: list[str], required: bool = True) -> None:
    if not isinstance(value, Mapping):
        errors.append(f"{where}: must be an object of texts by language")
        return
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        errors.append(f"{where}: unknown language(s) {', '.join(unknown)}")
    if any(not isinstance(text, str) for text in value.values()):
        errors.append(f"{where}: every text must be a string")
    if required and not str(value.get("en", "")).strip():
        errors.append(f"{where}: the English text is missing")


def _question(question: object, where: str, codes: set[str], errors: list[str]) -> None:
    if not isinstance(question, Mapping):
        errors.append(f"{where}: must be an object")
        return
    code = str(question.get("code", ""))
    if not CODE.match(code):
        errors.append(f"{where}: code {code!r} is not valid (letters, digits, dots, dashes)")
    elif code in codes:
        errors.append(f"{where}: code {code} is used twice")
    codes.add(code)
    if not ARTICLE.match(str(question.get("article", ""))):
        errors.append(f"{where}: article {question.get('article')!r} is not an article number")
    kind = question.get("type")
    if kind not in TYPES:
        errors.append(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
    _texts(question.get("text"), f"{where}.text", errors)
    _texts(question.get("guidance", {}), f"{where}.guidance", errors, required=False)
    if kind == "choice":
        _choices(question.get("choices"), f"{where}.choices", errors)
    if kind == "number":
        _thresholds(question.get("thresholds", {}), f"{where}.thresholds", errors)
    library = question.get("library", [])
    if not isinstance(library, list) or not all(isinstance(x, str) for x in library):
        errors.append(f"{where}.library: must be a list of library item identifiers")


def _choices(choices: object, where: str, errors: list[str]) -> None:
    if not isinstance(choices, list) or len(choices) < 2:
        errors.append(f"{where}: a choice question needs at least two choices")
        return
    values = set()
    for index, choice in enumerate(choices):
        spot = f"{where}[{index}]"
        if not isinstance(choice, Mapping) or not str(choice.get("value", "")).strip():
            errors.append(f"{spot}: needs a value")
            continue
        if choice["value"] in values:
            errors.append(f"{spot}: value {choice['value']!r} is used twice")
        values.add(choice["value"])
        if len(str(choice["value"])) > 60:
            errors.append(f"{spot}: value is longer than 60 characters")
        if choice.get("status", "none") not in CHOICE_STATUSES:
            errors.append(f"{spot}: status must be one of {', '.join(CHOICE_STATUSES)}")
        _texts(choice.get("label"), f"{spot}.label", errors)


def _thresholds(thresholds: object, where: str, errors: list[str]) -> None:
    if not isinstance(thresholds, Mapping):
        errors.append(f"{where}: must be an object")
        return
    if not thresholds:
        return
    full, part = thresholds.get("implemented_at"), thresholds.get("partly_at", 0)
    if not isinstance(full, int | float) or not isinstance(part, int | float):
        errors.append(f"{where}: implemented_at and partly_at must be numbers")
    elif part > full:
        errors.append(f"{where}: partly_at cannot be above implemented_at")


def validate(data: object) -> list[str]:
    """Every problem in a questionnaire file, each with where it is; [] when it is valid."""
    errors: list[str] = []
    if not isinstance(data, Mapping):
        return ["the file must hold one JSON object"]
    if not KEY.match(str(data.get("code", ""))):
        errors.append("code: lower-case letters, digits and dashes, at most 40")
    if not str(data.get("instrument", "")).strip() or len(str(data.get("instrument"))) > 40:
        errors.append("instrument: an instrument code such as UNTOC is needed")
    _texts(data.get("title"), "title", errors)
    chapters = data.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        errors.append("chapters: at least one chapter is needed")
        return errors
    keys: set[str] = set()
    codes: set[str] = set()
    for index, chapter in enumerate(chapters):
        where = f"chapters[{index}]"
        if not isinstance(chapter, Mapping):
            errors.append(f"{where}: must be an object")
            continue
        key = str(chapter.get("key", ""))
        if not KEY.match(key) or key in keys:
            errors.append(f"{where}: key {key!r} is missing, not valid or used twice")
        keys.add(key)
        articles = chapter.get("articles")
        if not isinstance(articles, list) or not articles or not all(
                ARTICLE.match(str(a)) for a in articles):
            errors.append(f"{where}: articles must be a list of article numbers")
        _texts(chapter.get("title"), f"{where}.title", errors)
        questions = chapter.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(f"{where}: at least one question is needed")
            continue
        for number, question in enumerate(questions):
            _question(question, f"{where}.questions[{number}]", codes, errors)
    return errors
