"""The shape of the legal-basis answer (documents the API; the contract in CONTRACTS.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rogatory.legalbasis.engine import COOPERATION_TYPES, FINDER_OFFENCES, VERDICTS


class QuerySerializer(serializers.Serializer):
    requesting = serializers.CharField(max_length=2, help_text="ISO alpha-2 code, e.g. CN.")
    requested = serializers.CharField(max_length=2, help_text="ISO alpha-2 code, e.g. NL.")
    type = serializers.ChoiceField(choices=COOPERATION_TYPES)
    offence = serializers.ChoiceField(choices=FINDER_OFFENCES)
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today.")

    def validate(self, attrs: dict) -> dict:
        if attrs["requesting"].upper() == attrs["requested"].upper():
            raise serializers.ValidationError(
                {"requested": [_("The requesting and requested States must differ.")]})
        return attrs


class CandidateInstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ReasonFactSerializer(serializers.Serializer):
    state = serializers.CharField()
    instrument = serializers.CharField()
    fact = serializers.CharField()
    value = serializers.CharField()
    source = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    source_kind = serializers.CharField(
        help_text="depositary, official_national, intergovernmental, secondary; empty when "
                  "not stated.")
    age_days = serializers.IntegerField(allow_null=True,
                                        help_text="Days from as_of to the date asked.")


class SourceSerializer(ReasonFactSerializer):
    strength = serializers.CharField(help_text="The kind of source, in the reader's language.")


class ConditionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable name of the condition, e.g. transnational.")
    text = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    article = serializers.CharField()
    text = serializers.CharField()
    facts = ReasonFactSerializer(many=True)


class CandidateSerializer(serializers.Serializer):
    instrument = CandidateInstrumentSerializer()
    verdict = serializers.ChoiceField(choices=VERDICTS)
    reasons = ReasonSerializer(many=True)
    confirm = serializers.ListField(child=serializers.CharField(),
                                    help_text="Conditions the user must confirm.")
    applicable = serializers.BooleanField(
        help_text="False: a regional instrument neither State can join.")
    summary = serializers.CharField(help_text="The one reason that decides the verdict.")
    conditions = ConditionSerializer(many=True, help_text="`confirm` with stable keys.")
    sources = SourceSerializer(many=True, help_text="The decisive facts: strength and age.")


class SourcedValueSerializer(serializers.Serializer):
    value = serializers.JSONField()
    source = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    instrument = serializers.CharField()


class PracticalSerializer(serializers.Serializer):
    central_authority = SourcedValueSerializer(allow_null=True)
    languages = SourcedValueSerializer(allow_null=True)
    channels = serializers.ListField(child=serializers.CharField(), allow_null=True)


class LegalBasisAnswerSerializer(serializers.Serializer):
    requesting = serializers.CharField()
    requested = serializers.CharField()
    type = serializers.CharField()
    offence = serializers.CharField()
    date = serializers.DateField()
    candidates = CandidateSerializer(many=True)
    recommended = CandidateInstrumentSerializer(allow_null=True)
    practical = PracticalSerializer()
