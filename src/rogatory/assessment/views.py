from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rogatory.assessment import overview as overview_data
from rogatory.assessment import report as gap
from rogatory.assessment import selectors, services
from rogatory.assessment.forms import ChapterForm, InviteForm, LanguageForm, StartForm
from rogatory.assessment.models import (
    Answer,
    Assessment,
    Chapter,
    Questionnaire,
    QuestionnaireVersion,
)
from rogatory.core import charts, documents
from rogatory.core.concurrency import ConflictError
from rogatory.core.decorators import permission_required
from rogatory.core.exports import csv_response


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the user may see it; 404 otherwise (no existence leak)."""
    try:
        return selectors.assessment_for(request.user, pk)
    except Assessment.DoesNotExist as error:
        raise Http404 from error


def _require(request: HttpRequest, perm: str, assessment: Assessment) -> None:
    if not request.user.has_perm(perm, assessment):
        raise PermissionDenied


def _version_of(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as error:
        raise PermissionDenied from error


def index(request: HttpRequest) -> HttpResponse:
    """The assessments the user may see, and (focal points) the form to start one."""
    assessments = selectors.visible_assessments(request.user).order_by("state_id", "-created")
    form = None
    if request.user.has_perm("assessment.start"):
        form = StartForm(request.POST or None, versions=selectors.published_questionnaires())
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.start_assessment(
                    request.user, form.cleaned_data["questionnaire"],
                    form.cleaned_data["language"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The assessment was started."))
                return redirect(assessment)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "assessment/index.html", {"assessments": assessments, "form": form})


def _progress(assessment: Assessment, chapters) -> list[dict]:
    answered = set(assessment.answers.exclude(value="", number=None, text="").values_list(
        "question_id", flat=True))
    return [{"chapter": chapter, "total": len(chapter.questions.all()),
             "answered": sum(q.pk in answered for q in chapter.questions.all())}
            for chapter in chapters]


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    chapters = selectors.chapters_of(assessment.questionnaire_version)
    return render(request, "assessment/detail.html", {
        "assessment": assessment, "chapters": _progress(assessment, chapters),
        "invitations": assessment.invitations.select_related("user", "invited_by"),
        "invite_form": InviteForm(),
        "language_form": LanguageForm(initial={"language": assessment.language,
                                               "version": assessment.version}),
        # Earlier and later assessments only as far as the reader may see them.
        "previous": selectors.visible_assessments(request.user).filter(
            pk=assessment.previous_id).first(),
        "later": assessment.followed_by.filter(pk__in=selectors.visible_assessments(
            request.user).values("pk")),
        "can": _abilities(request, assessment),
    })


def _abilities(request: HttpRequest, assessment: Assessment) -> dict[str, bool]:
    return {name: request.user.has_perm(f"assessment.{name}", assessment)
            for name in ("edit", "invite", "submit", "reopen", "publish", "read_history")}


def chapter(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    section = get_object_or_404(Chapter.objects.prefetch_related("questions__library_items"),
                                version=assessment.questionnaire_version, key=key)
    editable = request.user.has_perm("assessment.edit", assessment)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    questions = list(section.questions.all())
    form = _chapter_form(request, assessment, questions, editable)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_answers(assessment, request.user, form.changes())
        except ConflictError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(count)s answer(s) saved.") % {"count": len(saved)})
            return redirect(_after_save(request, assessment, section))
    answers = selectors.answers_of(assessment)
    return render(request, "assessment/chapter.html", {
        "assessment": assessment, "chapter": section, "form": form, "editable": editable,
        "rows": _rows(request, assessment, form, questions, answers),
        "next_chapter": assessment.questionnaire_version.chapters.filter(
            order__gt=section.order).first(),
    }, status=400 if request.method == "POST" else 200)


def _chapter_form(request: HttpRequest, assessment: Assessment, questions: list,
                  editable: bool) -> ChapterForm:
    answers = selectors.answers_of(assessment)
    candidates = ({q.pk: list(selectors.evidence_candidates(request.user, assessment, q))
                   for q in questions} if editable else {})
    return ChapterForm(request.POST if request.method == "POST" else None, questions=questions,
                       answers=answers, candidates=candidates)


def _rows(request: HttpRequest, assessment: Assessment, form: ChapterForm, questions: list,
          answers: dict[int, Answer]) -> list[dict]:
    rows = form.rows()
    for row in rows:
        question = row["question"]
        answer = answers.get(question.pk)
        row["saved"] = answer
        row["display"] = gap.answer_display(answer, question)
        row["cited"] = gap.cited(request.user, answer)
        row["library"] = selectors.related_library_items(request.user, question,
                                                         assessment.state_id)
    return rows


def _after_save(request: HttpRequest, assessment: Assessment, section: Chapter) -> str:
    following = assessment.questionnaire_version.chapters.filter(order__gt=section.order).first()
    if "save_next" in request.POST and following is not None:
        return f"{assessment.get_absolute_url()}chapters/{following.key}/"
    return f"{assessment.get_absolute_url()}chapters/{section.key}/"


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.invite", assessment)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            collaborator = services.invite(assessment, request.user, form.cleaned_data["email"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(user)s may now fill this assessment.")
                             % {"user": collaborator.user})
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect(assessment)


@require_POST
def uninvite(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.invite", assessment)
    services.remove_invitation(assessment, user_id)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect(assessment)


def _state_change(request: HttpRequest, assessment: Assessment, action, done: str
                  ) -> HttpResponse:
    try:
        action()
    except ConflictError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(assessment)


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.submit", assessment)
    return _state_change(request, assessment, lambda: services.submit(
        assessment, request.user, _version_of(request)),
        _("The assessment was submitted. It can no longer be changed."))


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.publish", assessment)
    published = request.POST.get("published") == "1"
    return _state_change(request, assessment, lambda: services.set_published(
        assessment, _version_of(request), published),
        _("The assessment is now public.") if published
        else _("The assessment is confidential again."))


@require_POST
def language(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.edit", assessment)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the six languages."))
        return redirect(assessment)
    return _state_change(request, assessment, lambda: services.set_language(
        assessment, form.cleaned_data["version"], form.cleaned_data["language"]),
        _("The language of the report was changed."))


@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    _require(request, "assessment.reopen", assessment)
    try:
        draft = services.reopen(assessment, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(assessment)
    messages.success(request, _("A new assessment was started from the submitted one; "
                                "the submitted assessment is kept unchanged."))
    return redirect(draft)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to every answer: who, when, what."""
    assessment = _assessment(request, pk)
    _require(request, "assessment.read_history", assessment)
    changes = (Answer.history.filter(assessment_id=assessment.pk)
               .select_related("history_user").order_by("-history_date")[:500])
    questions = {q.pk: q for q in selectors.questions_of(assessment.questionnaire_version)}
    rows = [{"change": change, "question": questions.get(change.question_id)}
            for change in changes]
    return render(request, "assessment/history.html", {"assessment": assessment, "rows": rows})


def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    data = gap.build_report(request.user, assessment)
    chapter_charts = [{"chapter": chapter, "chart": charts.as_image(
        gap.chapter_chart(chapter), _("Questions by status, per article: %(chapter)s")
        % {"chapter": chapter.title})} for chapter in data.chapters]
    return render(request, "assessment/report.html", {
        "assessment": assessment, "report": data, "chapter_charts": chapter_charts,
        "totals": [(gap.STATUS_LABELS[status], count)
                   for status, count in data.totals().items()],
    })


def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The gap report as DOCX or PDF in the assessment's language (or ?language=)."""
    assessment = _assessment(request, pk)
    language = request.GET.get("language") or assessment.language
    if language not in dict(Assessment._meta.get_field("language").choices):
        raise Http404
    assessment.language = language  # for this document only; nothing is saved
    with translation.override(language):
        doc = gap.document(gap.build_report(request.user, assessment),
                           request.build_absolute_uri("/")[:-1])
        body = documents.render_pdf(doc) if fmt == "pdf" else documents.render_docx(doc)
    content_type = ("application/pdf" if fmt == "pdf" else
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response = HttpResponse(body, content_type=content_type)
    name = f"gap-report-{assessment.state_id.lower()}-{assessment.pk}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{slugify(name[:-len(fmt)-1])}.{fmt}"'
    return response


@permission_required("assessment.overview")
def overview(request: HttpRequest) -> HttpResponse:
    rows = overview_data.state_rows()
    needs = overview_data.aggregated_needs(rows)
    chart = None
    if needs:
        labels = [gap.article_label(entry.article) for entry in needs]
        series = {str(gap.PRIORITY_LABELS[level]): [entry.by_priority.get(level, 0)
                                                    for entry in needs]
                  for level in gap.PRIORITY_LABELS}
        title = _("States needing technical assistance, per article")
        chart = charts.as_image(charts.horizontal_bar_chart(title, labels, series), title)
    return render(request, "assessment/overview.html", {
        "rows": rows, "needs": needs, "chart": chart, "priorities": gap.PRIORITY_LABELS,
        "submitted": sum(row.latest_submitted is not None for row in rows)})


@permission_required("assessment.overview")
def overview_csv(request: HttpRequest) -> HttpResponse:
    rows = overview_data.state_rows()
    needs = overview_data.aggregated_needs(rows)
    return csv_response("assessment-needs.csv", overview_data.NEEDS_HEADER,
                        overview_data.needs_rows(needs))


@permission_required("assessment.manage_questionnaires")
def questionnaires(request: HttpRequest) -> HttpResponse:
    items = Questionnaire.objects.prefetch_related("versions")
    return render(request, "assessment/questionnaires.html", {"questionnaires": items})


@permission_required("assessment.manage_questionnaires")
def questionnaire_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"),
                                pk=pk)
    return render(request, "assessment/questionnaire_version.html", {
        "version": version, "chapters": selectors.chapters_of(version),
        "answered_by": version.assessments.count()})


@require_POST
@permission_required("assessment.manage_questionnaires")
def new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    try:
        draft = services.new_draft_version(questionnaire, request.POST.get("notes", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessment:questionnaires")
    messages.success(request, _("Draft version %(number)s was made; edit it in the "
                                "administration, then publish it.") % {"number": draft.number})
    return redirect("assessment:questionnaire_version", draft.pk)


@require_POST
@permission_required("assessment.manage_questionnaires")
def publish_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(QuestionnaireVersion, pk=pk)
    try:
        with transaction.atomic():
            services.publish_version(version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(number)s is published; new assessments use it.")
                         % {"number": version.number})
    return redirect("assessment:questionnaire_version", version.pk)
