from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rogatory.states.models import FactKind, Instrument, State, TreatyFact


class InstrumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["code", "name", "kind"]


class StateSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    fact_count = serializers.IntegerField(read_only=True,
                                          help_text="Treaty facts recorded for this State.")
    declaration_count = serializers.IntegerField(
        read_only=True, help_text="Of which declarations and notifications.")

    class Meta:
        model = State
        fields = ["alpha2", "alpha3", "numeric", "name", "un_status", "fact_count",
                  "declaration_count"]

    def get_name(self, state: State) -> str:
        return state.name()


class FactSerializer(serializers.ModelSerializer):
    class Meta:
        model = TreatyFact
        fields = ["fact", "value", "source", "source_kind", "as_of"]


class StateFactsSerializer(serializers.Serializer):
    instrument = InstrumentRefSerializer()
    facts = FactSerializer(many=True, help_text="The facts recorded, each with its source and "
                                                "kind of source; conflicting sources each "
                                                "have their own fact.")
    unknown = serializers.ListField(child=serializers.CharField(),
                                    help_text="Facts not recorded: unknown, not 'no'.")


class StateDetailSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    formal_names = serializers.DictField(child=serializers.CharField())
    short_names = serializers.DictField(child=serializers.CharField())
    instruments = serializers.SerializerMethodField()

    class Meta:
        model = State
        fields = ["alpha2", "alpha3", "numeric", "name", "formal_names", "short_names",
                  "un_status", "un_status_source", "un_status_as_of", "instruments"]

    def get_name(self, state: State) -> str:
        return state.name()

    @staticmethod
    def _entry(group: dict) -> dict:
        facts = group["facts"]
        return {"instrument": group["instrument"],
                "facts": [fact for entry in facts.values() for fact in entry["facts"]],
                "unknown": [kind for kind in FactKind.values if kind not in facts]}

    @extend_schema_field(StateFactsSerializer(many=True))
    def get_instruments(self, state: State) -> list[dict]:
        return StateFactsSerializer([self._entry(g) for g in self.context["groups"]],
                                    many=True).data
