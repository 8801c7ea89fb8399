"""A fictional demo assessment for the Netherlands (user focal.nl@example.org): one submitted
a year earlier, and one in progress started from it, partly filled, so that the gap report,
its comparison and the secretariat overview can be tried after `make run`. Every comment
says "Demo"; nothing here describes the real law of any State."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rogatory.accounts.models import User
from rogatory.assessment import services
from rogatory.assessment.models import Assessment, Question, Questionnaire
from rogatory.library.models import Item

DEMO_FOCAL_POINT = "focal.nl@example.org"
DEMO_OFFICER = "officer.nl@example.org"
NOTE = "Demo (fictional) answer."

# question code -> answer, first (submitted) assessment and then changes in the current one.
EARLIER = {"5.1": "yes", "5.2": "partly", "5.3": "four_years", "6.1": "yes", "6.2": "partly",
           "8.1": "yes", "8.2": "no", "10.1": "some_offences", "10.2": "no", "12.1": "yes",
           "12.2": "partly", "13.1": "no", "16.1": "convention", "16.2": "yes", "18.1": "yes",
           "18.2": "partly", "18.3": "no", "20.1": "some", "24.1": "partly", "29.1": "no",
           "29.2": Decimal(12)}
CURRENT = {"10.1": "criminal", "10.2": "yes", "13.1": "partly", "18.3": "yes", "29.1": "yes",
           "29.2": Decimal(64), "25.1": "no", "18.5": "Dutch, English, French, German"}


def _changes(version, answers: dict, evidence: list[int]) -> list[services.AnswerChange]:
    questions = {q.code: q for q in Question.objects.filter(chapter__version=version)}
    result = []
    for code, value in answers.items():
        question = questions[code]
        change = services.AnswerChange(question=question, expected_version=0, comment=NOTE)
        if question.type == "number":
            change.number = value
        elif question.type == "text":
            change.text = value
        else:
            change.value = value
            change.evidence_items = evidence if code in ("16.1", "16.2", "18.1") else []
        result.append(change)
    return result


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    questionnaire = Questionnaire.objects.filter(code="untoc").first()
    focal = User.objects.filter(email=DEMO_FOCAL_POINT).first()
    if questionnaire is None or focal is None or questionnaire.latest_published() is None:
        out("Needs assessment demo skipped: load the reference data and demo accounts first.")
        return
    if Assessment.objects.filter(state_id="NL").exists():
        out("Needs assessment demo: already loaded.")
        return
    version = questionnaire.latest_published()
    evidence = list(Item.objects.filter(external_id="demo:en-extradition")
                    .values_list("pk", flat=True))
    earlier = services.start_assessment(focal, version, "en")
    services.save_answers(earlier, focal, _changes(version, EARLIER, evidence))
    earlier = services.submit(earlier, focal, earlier.version)
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    Assessment.objects.filter(pk=earlier.pk).update(submitted_at=a_year_ago, created=a_year_ago)
    earlier.refresh_from_db()
    current = services.reopen(earlier, focal)
    for change in _changes(version, CURRENT, evidence):
        existing = current.answers.filter(question=change.question).first()
        change.expected_version = existing.version if existing else 0
        services.save_answers(current, focal, [change])
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    if officer is not None:
        services.invite(current, focal, officer.email)
    out(f"Needs assessment demo: NL submitted #{earlier.pk} and in progress #{current.pk} "
        f"(sign in as {DEMO_FOCAL_POINT}).")
