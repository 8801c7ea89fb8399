from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rogatory.cases.models import (
    Case,
    CaseAction,
    Correspondence,
    Direction,
    Document,
    Kind,
    Offence,
    RefusalGround,
    Status,
    Transition,
    legal_basis_validator,
)
from rogatory.states.models import State


class TransitionRecordSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()

    class Meta:
        model = Transition
        fields = ["source", "target", "on", "user", "note", "grounds"]


class DocumentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "name", "content_type", "size", "sha256", "description", "uploaded_at",
                  "download"]

    def get_download(self, doc: Document) -> str:
        return reverse("api-case-document", args=[doc.case_id, doc.pk])


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseAction
        fields = ["id", "title", "due_date", "assigned_to", "done_at", "version"]


class CorrespondenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correspondence
        fields = ["id", "way", "type", "on", "party", "subject", "summary"]


class CaseSerializer(serializers.ModelSerializer):
    """A case as listed and edited. Status changes go through the transition endpoint."""

    counterpart_state = serializers.SlugRelatedField(slug_field="alpha2",
                                                     queryset=State.objects.all())
    offences = serializers.ListField(child=serializers.ChoiceField(choices=Offence.choices),
                                     required=False)
    legal_basis = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                        validators=[legal_basis_validator])
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "authority", "direction", "kind", "title", "status",
                  "counterpart_state", "counterpart_authority", "counterpart_authority_name",
                  "counterpart_reference", "legal_basis", "offences", "urgent",
                  "confidentiality", "summary", "responsible", "sent_at", "closed_at",
                  "days_to_outcome", "due_date", "due_rule", "refusal_grounds", "refusal_text",
                  "request_id", "overdue", "version"]
        read_only_fields = ["id", "reference", "authority", "status", "closed_at",
                            "days_to_outcome", "due_rule", "refusal_grounds", "refusal_text",
                            "request_id", "version", "counterpart_authority", "responsible"]

    def get_overdue(self, case: Case) -> bool:
        today = self.context.get("today")
        return bool(case.is_open and case.due_date and today and case.due_date < today)


class CaseCreateSerializer(CaseSerializer):
    direction = serializers.ChoiceField(choices=Direction.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)


class CaseDetailSerializer(CaseSerializer):
    transitions = TransitionRecordSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    correspondence = CorrespondenceSerializer(many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "transitions", "documents", "actions",
                  "correspondence", "allowed_transitions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_transitions(self, case: Case) -> list[str]:
        from rogatory.cases import workflow

        return workflow.allowed_targets(case.direction, case.status)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=RefusalGround.choices),
                                    required=False, default=list)
    grounds_text = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False,
                                       help_text="The version last seen; or send If-Match.")


class CountSerializer(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    scope = serializers.CharField()
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_direction = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_kind = CountSerializer(many=True)
    by_counterpart = CountSerializer(many=True)
    by_legal_basis = CountSerializer(many=True)
    untoc_basis = serializers.DictField()
    outcomes = serializers.DictField(child=serializers.IntegerField())
    days_to_execution = serializers.DictField()
    refusal_grounds = CountSerializer(many=True)
