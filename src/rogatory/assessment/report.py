"""The gap report of an assessment: per article status with the evidence cited, the
technical-assistance needs, the comparison with the State's previous submitted assessment;
as data (page, API), as charts, and as a structured document (DOCX/PDF, core.documents).

Everything user-facing is built in the active language: exports wrap the call in
`translation.override(assessment.language)`. Every report is built for a reader: the
comparison uses only an earlier assessment the reader may see, and a cited library item the
reader may not see is shown as "a restricted document" (its title and link withheld).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from rogatory.assessment import scoring
from rogatory.assessment.models import Answer, AnswerValue, Assessment, QuestionType
from rogatory.assessment.selectors import answers_of, chapters_of, previous_submitted
from rogatory.core import charts, documents
from rogatory.library.selectors import may_see

STATUS_LABELS = {
    scoring.IMPLEMENTED: gettext_lazy("Implemented"),
    scoring.PARTLY: gettext_lazy("Partly implemented"),
    scoring.NOT: gettext_lazy("Not implemented"),
    scoring.NOT_ASSESSED: gettext_lazy("Not assessed"),
    scoring.INFO: gettext_lazy("Information"),
}
PRIORITY_LABELS = {scoring.HIGH: pgettext_lazy("priority", "High"),
                   scoring.MEDIUM: pgettext_lazy("priority", "Medium"),
                   scoring.LOW: pgettext_lazy("priority", "Low")}
COMPARISON_LABELS = {
    scoring.IMPROVED: gettext_lazy("Improved"), scoring.WORSE: gettext_lazy("Worse"),
    scoring.UNCHANGED: gettext_lazy("Unchanged"), scoring.NEW: gettext_lazy("New"),
    scoring.NOT_COMPARABLE: gettext_lazy("Not comparable"),
}
BADGES = {scoring.IMPLEMENTED: "ok", scoring.PARTLY: "warn", scoring.NOT: "error",
          scoring.HIGH: "error", scoring.MEDIUM: "warn", scoring.IMPROVED: "ok",
          scoring.WORSE: "error"}


@dataclass
class Cited:
    title: str
    url: str  # empty for an item withheld from the reader
    internal: bool  # a library item (a page of this site) or a web address


@dataclass
class QuestionRow:
    code: str
    provision: str
    text: str
    answer: str
    status: str
    mandatory: bool
    comment: str = ""
    evidence: list[Cited] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return BADGES.get(self.status, "")


@dataclass
class ArticleRow:
    article: str
    status: str
    assessed: int
    scored: int
    questions: list[QuestionRow]
    comparison: str | None = None
    previous_status: str | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def comparison_label(self) -> str:
        return str(COMPARISON_LABELS[self.comparison]) if self.comparison else ""

    @property
    def previous_label(self) -> str:
        return str(STATUS_LABELS[self.previous_status]) if self.previous_status else ""

    @property
    def badge(self) -> str:
        return BADGES.get(self.status, "")

    @property
    def comparison_badge(self) -> str:
        return BADGES.get(self.comparison or "", "")


@dataclass
class ChapterReport:
    key: str
    title: str
    articles: list[ArticleRow]

    def counts(self) -> dict[str, list[int]]:
        """Questions per status for each article (the chart's series)."""
        return {str(STATUS_LABELS[status]): [
            sum(q.status == status for q in row.questions) for row in self.articles]
            for status in scoring.STATUSES}


@dataclass
class NeedRow:
    article: str
    code: str
    provision: str
    text: str
    status: str
    priority: str

    @property
    def priority_label(self) -> str:
        return str(PRIORITY_LABELS[self.priority])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return BADGES.get(self.priority, "")


@dataclass
class GapReport:
    assessment: Assessment
    chapters: list[ChapterReport]
    needs: list[NeedRow]
    previous: Assessment | None
    article_statuses: dict[str, str]

    @property
    def articles(self) -> list[ArticleRow]:
        return [row for chapter in self.chapters for row in chapter.articles]

    def totals(self) -> dict[str, int]:
        return {status: sum(row.status == status for row in self.articles)
                for status in scoring.STATUSES}


def article_label(article: str) -> str:
    return _("Art. %(number)s") % {"number": article}


def answer_display(answer: Answer | None, question) -> str:
    if answer is None:
        return ""
    if question.type == QuestionType.YES_NO and answer.value:
        return str(AnswerValue(answer.value).label)
    if question.type == QuestionType.CHOICE and answer.value:
        return dict(question.choice_options()).get(answer.value, answer.value)
    if question.type == QuestionType.NUMBER and answer.number is not None:
        return formats.number_format(answer.number, decimal_pos=0 if answer.number % 1 == 0
                                     else 2, use_l10n=True)
    return answer.text


def cited(reader, answer: Answer | None) -> list[Cited]:
    """The evidence of an answer as the reader may see it."""
    if answer is None:
        return []
    items = [Cited(e.item.title, e.item.get_absolute_url(), True) if may_see(reader, e.item)
             else Cited(_("a restricted document"), "", True) for e in answer.evidence.all()]
    return items + [Cited(url, url, False) for url in answer.url_list]


def statuses_of(assessment: Assessment) -> tuple[list, dict[str, str], dict[int, Answer]]:
    """(question specs, status by question code, answers by question id)."""
    answers = answers_of(assessment)
    questions = [q for chapter in chapters_of(assessment.questionnaire_version)
                 for q in chapter.questions.all()]
    statuses = {q.code: scoring.score_answer(
        q.as_spec(), answers[q.pk].as_spec() if q.pk in answers else None) for q in questions}
    return [q.as_spec() for q in questions], statuses, answers


def article_statuses(assessment: Assessment) -> dict[str, str]:
    specs, statuses, _answers = statuses_of(assessment)
    return scoring.article_statuses(specs, statuses)


def build_report(reader, assessment: Assessment) -> GapReport:
    """The report as `reader` may see it (see the module's docstring)."""
    specs, statuses, answers = statuses_of(assessment)
    by_article = scoring.article_statuses(specs, statuses)
    previous = previous_submitted(reader, assessment)
    comparison = (scoring.compare(article_statuses(previous), by_article)
                  if previous is not None else {})
    before = article_statuses(previous) if previous is not None else {}
    chapters, texts = [], {}
    for chapter in chapters_of(assessment.questionnaire_version):
        rows: dict[str, list[QuestionRow]] = {}
        for question in chapter.questions.all():
            answer = answers.get(question.pk)
            texts[question.code] = (question.display_text(), question.provision)
            rows.setdefault(question.article, []).append(QuestionRow(
                question.code, question.provision, question.display_text(),
                answer_display(answer, question), statuses[question.code], question.mandatory,
                answer.comment if answer else "", cited(reader, answer)))
        articles = []
        for article in sorted(rows, key=scoring.article_key):
            assessed, scored = scoring.coverage(q.status for q in rows[article])
            articles.append(ArticleRow(article, by_article[article], assessed, scored,
                                       rows[article], comparison.get(article),
                                       before.get(article)))
        chapters.append(ChapterReport(chapter.key, chapter.display_title(), articles))
    needs = [NeedRow(n.article, n.code, texts[n.code][1], texts[n.code][0], n.status,
                     n.priority) for n in scoring.needs(specs, statuses)]
    return GapReport(assessment, chapters, needs, previous, by_article)


def chapter_chart(chapter: ChapterReport) -> str:
    """A bar chart of the chapter's questions by status, one group per article."""
    return charts.bar_chart(chapter.title, [article_label(r.article) for r in chapter.articles],
                            chapter.counts())


# --- the report as data (API) ----------------------------------------------------------------

def as_data(report: GapReport) -> dict:
    return {
        "articles": [{
            "article": row.article, "status": row.status, "assessed": row.assessed,
            "scored": row.scored, "previous_status": row.previous_status,
            "comparison": row.comparison,
            "questions": [{"code": q.code, "status": q.status,
                           "evidence": [{"title": c.title, "url": c.url or None}
                                        for c in q.evidence]}
                          for q in row.questions],
        } for row in report.articles],
        "needs": [{"article": n.article, "question": n.code, "status": n.status,
                   "priority": n.priority} for n in report.needs],
        "previous_assessment": report.previous.pk if report.previous else None,
    }


# --- the report as a document (DOCX/PDF) -----------------------------------------------------

def document(report: GapReport, base_url: str = "") -> documents.Document:
    """The gap report in the active language. `base_url` makes library links absolute."""
    assessment = report.assessment
    state = assessment.state.name()
    version = assessment.questionnaire_version
    version_label = _("version %(number)s") % {"number": version.number}
    heading = _("Needs assessment")
    doc = documents.Document(
        title=_("Needs assessment: gap report"),
        subtitle=f"{state} · {version.questionnaire.display_title()} ({version_label})",
        language=assessment.language,
        reference=f"{state} · {heading} #{assessment.pk}",
        page_template=_("Page {page} of {pages}"),
        watermark="" if not assessment.is_draft else _("IN PROGRESS"),
    )
    doc.preamble.append(documents.Paragraph(_summary_line(report)))
    if not assessment.published:
        doc.preamble.append(documents.Paragraph(
            _("Confidential: for the State and the secretariat."), italic=True, style="small"))
    doc.sections.append(_summary_section(report))
    doc.sections.append(_needs_section(report))
    for chapter in report.chapters:
        doc.sections.append(_chapter_section(chapter, base_url))
    return doc


def _summary_line(report: GapReport) -> str:
    assessment = report.assessment
    if assessment.submitted_at:
        when = _("Submitted on %(date)s.") % {
            "date": formats.date_format(assessment.submitted_at, "DATE_FORMAT")}
    else:
        when = _("In progress; last saved on %(date)s.") % {
            "date": formats.date_format(assessment.updated, "DATE_FORMAT")}
    if report.previous is not None and report.previous.submitted_at:
        when += " " + _("Compared with the assessment submitted on %(date)s.") % {
            "date": formats.date_format(report.previous.submitted_at, "DATE_FORMAT")}
    return when


def _summary_section(report: GapReport) -> documents.Section:
    columns = [_("Article"), _("Status"), _("Questions assessed")]
    if report.previous is not None:
        columns += [_("Previous assessment"), pgettext("difference", "Change")]
    rows = []
    for row in report.articles:
        cells = [article_label(row.article), row.status_label,
                 _("%(assessed)s of %(scored)s") % {"assessed": row.assessed,
                                                    "scored": row.scored}]
        if report.previous is not None:
            cells += [row.previous_label or "—", row.comparison_label]
        rows.append(cells)
    return documents.Section(_("Status by article"), [documents.Table(columns, rows)])


def _needs_section(report: GapReport) -> documents.Section:
    if not report.needs:
        return documents.Section(_("Technical-assistance needs"), [documents.Paragraph(
            _("No need was identified from the answers given."))])
    rows = [[n.priority_label, article_label(n.article), f"{n.code} {n.text}", n.status_label]
            for n in report.needs]
    return documents.Section(_("Technical-assistance needs"), [documents.Table(
        [_("Priority"), _("Article"), _("Question"), _("Status")], rows)])


def _chapter_section(chapter: ChapterReport, base_url: str) -> documents.Section:
    section = documents.Section(chapter.title)
    for row in chapter.articles:
        sub = documents.Section(f"{article_label(row.article)}: {row.status_label}", level=2)
        table_rows = []
        for q in row.questions:
            evidence = "\n".join(_evidence_line(c, base_url) for c in q.evidence)
            table_rows.append([f"{q.code} {q.text}", q.answer or "—", q.status_label,
                               evidence or "—"])
        sub.add(documents.Table([_("Question"), _("Answer"), _("Status"), _("Evidence")],
                                table_rows))
        for q in row.questions:
            if q.comment:
                sub.add(documents.Paragraph(f"{q.code}: {q.comment}", style="small"))
        section.subsections.append(sub)
    return section


def _evidence_line(item: Cited, base_url: str) -> str:
    if not item.url:
        return item.title
    return f"{item.title} ({base_url + item.url if item.internal else item.url})"
