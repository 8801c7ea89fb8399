from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rogatory.assessment.models import Answer, AnswerValue, Question, QuestionType
from rogatory.assessment.services import AnswerChange


class StartForm(forms.Form):
    questionnaire = forms.ChoiceField(label=_("Questionnaire"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES,
                                 initial="en")

    def __init__(self, *args, versions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {str(version.pk): version for _q, version in versions}
        self.fields["questionnaire"].choices = [
            (str(version.pk), f"{questionnaire.display_title()} · "
                              f"{_('version')} {version.number}")
            for questionnaire, version in versions]

    def clean_questionnaire(self):
        return self.versions[self.cleaned_data["questionnaire"]]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the official"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChapterForm(forms.Form):
    """One chapter's answers: per question the answer, a comment, evidence (library items and
    web addresses) and the version of the answer the form was filled from."""

    def __init__(self, *args, questions: list[Question], answers: dict[int, Answer],
                 candidates: dict[int, list], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            self._add_fields(question, answer, candidates.get(question.pk, []))

    def _add_fields(self, question: Question, answer: Answer | None, items: list) -> None:
        prefix = f"q{question.pk}"
        self.fields[f"{prefix}-answer"] = self._answer_field(question)
        self.fields[f"{prefix}-comment"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
        self.fields[f"{prefix}-evidence_urls"] = forms.CharField(
            label=_("Evidence: web addresses (one per line)"), required=False,
            widget=forms.Textarea(attrs={"rows": 2}))
        self.fields[f"{prefix}-evidence_items"] = forms.TypedMultipleChoiceField(
            label=_("Evidence: library items"), required=False, coerce=int,
            choices=[(item.pk, _item_label(item)) for item in items],
            widget=forms.SelectMultiple(attrs={"size": min(max(len(items), 2), 6)}))
        self.fields[f"{prefix}-version"] = forms.IntegerField(widget=forms.HiddenInput,
                                                              min_value=0)
        if answer is not None:
            self.initial.update({
                f"{prefix}-answer": _plain(answer.number) if question.type == QuestionType.NUMBER
                else (answer.text if question.type == QuestionType.TEXT else answer.value),
                f"{prefix}-comment": answer.comment,
                f"{prefix}-evidence_urls": answer.evidence_urls,
                f"{prefix}-evidence_items": [e.item_id for e in answer.evidence.all()],
            })
        self.initial[f"{prefix}-version"] = answer.version if answer is not None else 0

    @staticmethod
    def _answer_field(question: Question) -> forms.Field:
        label = f"{question.code} {question.display_text()}"
        if question.type == QuestionType.YES_NO:
            return forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                     choices=AnswerValue.choices)
        if question.type == QuestionType.CHOICE:
            return forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                     choices=question.choice_options())
        if question.type == QuestionType.NUMBER:
            return forms.DecimalField(label=label, required=False, min_value=Decimal(0),
                                      max_digits=14, decimal_places=2)
        return forms.CharField(label=label, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def rows(self) -> list[dict]:
        """Per question, its bound fields (for the template)."""
        return [{"question": q, **{name: self[f"q{q.pk}-{name}"] for name in (
            "answer", "comment", "evidence_urls", "evidence_items", "version")}}
            for q in self.questions]

    def changes(self) -> list[AnswerChange]:
        data, result = self.cleaned_data, []
        for question in self.questions:
            prefix = f"q{question.pk}"
            raw = data.get(f"{prefix}-answer")
            change = AnswerChange(
                question=question, expected_version=data.get(f"{prefix}-version") or 0,
                comment=data.get(f"{prefix}-comment", "").strip(),
                evidence_urls=data.get(f"{prefix}-evidence_urls", "").strip(),
                evidence_items=list(data.get(f"{prefix}-evidence_items") or []))
            if question.type == QuestionType.NUMBER:
                change.number = raw
            elif question.type == QuestionType.TEXT:
                change.text = (raw or "").strip()
            else:
                change.value = raw or ""
            result.append(change)
        return result


def _item_label(item) -> str:
    where = item.state.name() if item.state_id else _("International")
    return f"{item.title} ({where})"


def _plain(number: Decimal | None) -> Decimal | int | None:
    """60, not 60.00, in the form."""
    if number is None or number != number.to_integral_value():
        return number
    return int(number)
