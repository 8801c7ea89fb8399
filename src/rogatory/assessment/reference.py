"""Reference data: the UNTOC needs-assessment questionnaire shipped with Rogatory
(`data/untoc_questionnaire.json`, six languages). Loading is idempotent: a file already
loaded is not loaded again; a changed file becomes a new published version."""

import json
from collections.abc import Callable
from pathlib import Path

from rogatory.assessment.services import load_questionnaire

DATA = Path(__file__).resolve().parent / "data"
FILES = ["untoc_questionnaire.json"]


def load(out: Callable[[str], None]) -> None:
    for name in FILES:
        load_questionnaire(json.loads((DATA / name).read_text(encoding="utf-8")), out)
