"""Needs assessment at the scale of all States parties.

    .venv/bin/python bench/assessment.py [--states 190] [--runs 5]

In a throw-away SQLite test database: the reference questionnaire (44 questions), one
submitted assessment per State with every question answered at random. Times (median of
--runs) and peak Python memory (tracemalloc) of:
- the gap report of one assessment (scoring, comparison, per-chapter data);
- the gap report page with its 16 charts, and the API detail (answers + report);
- the secretariat's aggregation of needs across all States;
- the gap report rendered to DOCX and to PDF (English and Arabic).
"""

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rogatory.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

from rogatory.accounts.models import Role, User  # noqa: E402
from rogatory.assessment import overview, reference, report, services  # noqa: E402
from rogatory.assessment.models import Question, Questionnaire  # noqa: E402
from rogatory.core import documents  # noqa: E402
from rogatory.states import reference as states_reference  # noqa: E402
from rogatory.states.models import State  # noqa: E402


def measure(name: str, action: Callable[[], object], runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    tracemalloc.start()  # one more run for memory: tracing slows Python down several times
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:44} median {statistics.median(times) * 1000:8.1f} ms   "
          f"peak {peak / 1e6:6.1f} MB")


def answer_all(assessment, user, rng: random.Random) -> None:
    changes = []
    for q in Question.objects.filter(chapter__version=assessment.questionnaire_version):
        change = services.AnswerChange(question=q, expected_version=0, comment="bench")
        if q.type == "yes_no":
            change.value = rng.choice(["yes", "partly", "no", "unknown"])
        elif q.type == "choice":
            change.value = rng.choice(q.choices)["value"]
        elif q.type == "number":
            change.number = rng.randint(0, 100)
        else:
            change.text = "bench"
        changes.append(change)
    services.save_answers(assessment, user, changes)


def populate(states: int):
    states_reference.load(lambda _line: None)
    reference.load(lambda _line: None)
    version = Questionnaire.objects.get(code="untoc").latest_published()
    rng = random.Random(7)
    codes = list(State.objects.order_by("alpha2").values_list("alpha2", flat=True))[:states]
    start = time.perf_counter()
    for code in codes:
        user = User.objects.create_user(f"focal@{code.lower()}.bench.test", None,
                                        role=Role.FOCAL_POINT, state_id=code)
        assessment = services.start_assessment(user, version)
        answer_all(assessment, user, rng)
        services.submit(assessment, user, assessment.version)
    print(f"populated {len(codes)} States x 44 answers in {time.perf_counter() - start:.1f} s")
    return assessment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        assessment = populate(args.states)
        secretariat = User.objects.create_user("secretariat@bench.test", None,
                                               role=Role.SECRETARIAT)
        TOTP.activate(secretariat, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # MFA is required
        client = Client()
        client.force_login(secretariat)
        measure("gap report data (one assessment)",
                lambda: report.build_report(assessment), args.runs)
        measure("gap report page with charts",
                lambda: client.get(f"/assessment/{assessment.pk}/report/"), args.runs)
        measure("API detail (answers + report)",
                lambda: client.get(f"/api/v1/assessments/{assessment.pk}/"), args.runs)
        measure(f"needs across {args.states} States",
                lambda: overview.aggregated_needs(overview.state_rows()), args.runs)
        measure("overview page", lambda: client.get("/assessment/overview/"), args.runs)
        for language in ("en", "ar"):
            with translation.override(language):
                assessment.language = language
                doc = report.document(report.build_report(assessment))
                measure(f"render DOCX ({language})", lambda d=doc: documents.render_docx(d),
                        args.runs)
                measure(f"render PDF ({language})", lambda d=doc: documents.render_pdf(d),
                        max(1, args.runs // 2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
