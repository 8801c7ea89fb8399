from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rogatory.assessment import report, scoring
from rogatory.assessment.models import Answer, Assessment, Question
from rogatory.assessment.selectors import answers_of
from rogatory.assessment.services import AnswerChange
from rogatory.library.selectors import may_see

ANSWER_FIELDS = ("value", "number", "text", "comment")


class AssessmentSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_id", read_only=True)
    state_name = serializers.SerializerMethodField()
    questionnaire = serializers.CharField(source="questionnaire_version.questionnaire.code",
                                          read_only=True)
    instrument = serializers.CharField(
        source="questionnaire_version.questionnaire.instrument", read_only=True)
    questionnaire_version = serializers.IntegerField(source="questionnaire_version.number",
                                                     read_only=True)
    # Plain strings (documented), so the schema's enum names do not collide with other apps'.
    status = serializers.CharField(read_only=True, help_text="draft or submitted.")
    language = serializers.CharField(read_only=True, help_text="The report's language: ar, "
                                                               "zh-hans, en, fr, ru or es.")

    class Meta:
        model = Assessment
        fields = ["id", "state", "state_name", "questionnaire", "instrument",
                  "questionnaire_version", "status", "published", "language", "created",
                  "updated", "submitted_at", "version"]
        read_only_fields = fields

    def get_state_name(self, obj: Assessment) -> str:
        return obj.state.name()


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", read_only=True)
    article = serializers.CharField(source="question.article", read_only=True)
    status = serializers.SerializerMethodField()
    evidence_urls = serializers.ListField(source="url_list", child=serializers.URLField(),
                                          read_only=True)
    evidence_items = serializers.SerializerMethodField()
    updated_by = serializers.StringRelatedField()

    class Meta:
        model = Answer
        fields = ["question", "article", "value", "number", "text", "comment", "evidence_urls",
                  "evidence_items", "status", "version", "updated", "updated_by"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(
        help_text="implemented, partly, not, not_assessed or info (not scored)."))
    def get_status(self, obj: Answer) -> str:
        return scoring.score_answer(obj.question.as_spec(), obj.as_spec())

    def get_evidence_items(self, obj: Answer) -> list[int]:
        """The cited library items the reader may see (a restricted one is left out)."""
        reader = self.context["request"].user
        return [evidence.item_id for evidence in obj.evidence.all()
                if may_see(reader, evidence.item)]


class AssessmentDetailSerializer(AssessmentSerializer):
    answers = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "answers", "report"]
        read_only_fields = fields

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, obj: Assessment) -> list[dict]:
        return AnswerSerializer(list(answers_of(obj).values()), many=True,
                                context=self.context).data

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_report(self, obj: Assessment) -> dict:
        return report.as_data(report.build_report(self.context["request"].user, obj))


class AnswerInputSerializer(serializers.Serializer):
    """The fields to change; those left out keep their saved value."""

    value = serializers.CharField(required=False, allow_blank=True, max_length=60,
                                  help_text="yes, no, partly or unknown; or a choice's value.")
    number = serializers.DecimalField(required=False, allow_null=True, max_digits=14,
                                      decimal_places=2, min_value=0)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    evidence_urls = serializers.ListField(child=serializers.URLField(max_length=500),
                                          required=False, max_length=50)
    evidence_items = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                           required=False, max_length=50)
    version = serializers.IntegerField(required=False, min_value=0,
                                       help_text="Instead of If-Match.")

    def change(self, question: Question, version: int) -> AnswerChange:
        answer = question.answers.filter(assessment_id=self.context["assessment_id"]).first() \
            if "assessment_id" in self.context else None
        current = {
            "value": answer.value if answer else "", "number": answer.number if answer else None,
            "text": answer.text if answer else "", "comment": answer.comment if answer else "",
            "evidence_urls": answer.url_list if answer else [],
            "evidence_items": [e.item_id for e in answer.evidence.all()] if answer else [],
        }
        data = {**current, **self.validated_data}
        return AnswerChange(
            question=question, expected_version=version, value=data["value"],
            number=data["number"], text=data["text"], comment=data["comment"],
            evidence_urls="\n".join(data["evidence_urls"]),
            evidence_items=list(data["evidence_items"]))


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="The assessment's version, instead of If-Match.")
