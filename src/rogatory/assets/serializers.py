from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rogatory.assets import selectors, texts, workflow
from rogatory.assets.models import (
    Asset,
    Claim,
    DeductibleCost,
    OrderedBy,
    Share,
    SharingArrangement,
    Stage,
    StageEvent,
    Transfer,
    validate_currency,
)
from rogatory.cases.models import Case
from rogatory.states.models import State

AMOUNT = {"max_digits": 24, "decimal_places": 4, "min_value": Decimal(0)}


class CurrencyField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(validators=[validate_currency], **kwargs)


class StageEventSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()
    case = serializers.SlugRelatedField(slug_field="reference", read_only=True)

    class Meta:
        model = StageEvent
        fields = ["source", "target", "on", "reference", "case", "ordered_by", "note", "user"]


class ClaimSerializer(serializers.ModelSerializer):
    currency = CurrencyField()
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "claimant", "kind", "basis", "amount_claimed", "currency", "status",
                  "amount_awarded", "decided_on", "version"]
        read_only_fields = ["id", "version"]


class CostSerializer(serializers.ModelSerializer):
    currency = CurrencyField()

    class Meta:
        model = DeductibleCost
        fields = ["description", "amount", "currency"]


class ShareSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="alpha2", queryset=State.objects.all(),
                                         required=False, allow_null=True)
    percent = serializers.DecimalField(max_digits=7, decimal_places=4, min_value=Decimal(0),
                                       max_value=Decimal(100))

    class Meta:
        model = Share
        fields = ["recipient", "state", "body", "percent", "contribution"]


class ArrangementSerializer(serializers.ModelSerializer):
    holding_state = serializers.SlugRelatedField(slug_field="alpha2",
                                                 queryset=State.objects.all())
    costs = CostSerializer(many=True, required=False)
    shares = ShareSerializer(many=True, required=False)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = SharingArrangement
        fields = ["legal_basis", "basis_reference", "holding_state", "status", "agreed_on",
                  "notes", "costs", "shares", "version"]
        read_only_fields = ["status", "agreed_on"]


class TransferSerializer(serializers.ModelSerializer):
    to = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = ["id", "to", "amount", "currency", "made_on", "reference"]

    def get_to(self, transfer: Transfer) -> str:
        return f"claim:{transfer.claim_id}" if transfer.claim_id else transfer.share.key


class AssetSerializer(serializers.ModelSerializer):
    """An asset as listed and edited. Stages change through the transition endpoint."""

    cases = serializers.PrimaryKeyRelatedField(many=True, queryset=Case.objects.all())
    location_state = serializers.SlugRelatedField(slug_field="alpha2",
                                                  queryset=State.objects.all())
    estimated_value = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)
    estimate_currency = CurrencyField(required=False, allow_blank=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Asset
        fields = ["id", "cases", "description", "type", "location_state", "holder",
                  "identifiers", "estimated_value", "estimate_currency", "estimated_on",
                  "stage", "stage_on", "ordered_by", "realised_amount", "realised_currency",
                  "realised_on", "version"]
        read_only_fields = ["id", "stage", "stage_on", "ordered_by", "realised_amount",
                            "realised_currency", "realised_on", "version"]


class AssetUpdateSerializer(AssetSerializer):
    class Meta(AssetSerializer.Meta):
        read_only_fields = [*AssetSerializer.Meta.read_only_fields, "cases"]


class StepSerializer(serializers.Serializer):
    code = serializers.CharField()
    recipient = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    amount = serializers.CharField()
    balance = serializers.CharField()


class LineSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=["return", "share", "cost", "undivided"])
    label = serializers.CharField()
    due = serializers.CharField()
    transferred = serializers.CharField()
    outstanding = serializers.CharField()
    retained = serializers.BooleanField()


class DisposalSerializer(serializers.Serializer):
    currency = serializers.CharField(allow_blank=True)
    base = serializers.CharField(allow_null=True)
    estimate = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    steps = StepSerializer(many=True)
    balances = LineSerializer(many=True)
    settled = serializers.BooleanField()


def disposal_data(result: selectors.Disposal) -> dict:
    currency = result.base.currency if result.base else ""
    steps = result.calculation.steps if result.calculation else []
    return {
        "currency": currency,
        "base": texts.plain(result.base.amount, currency) if result.base else None,
        "estimate": result.estimate,
        "problems": [texts.sharing_problem(c, p, result.labels) for c, p in result.problems],
        "steps": [{"code": s.code, "recipient": s.label,
                   "label": texts.step_label(s.code, result.labels.get(s.label, s.label)),
                   "amount": texts.plain(s.amount, currency),
                   "balance": texts.plain(s.balance, currency)} for s in steps],
        "balances": [{"key": line.key, "kind": line.kind, "label": line.label,
                      "due": texts.plain(line.allocated, currency),
                      "transferred": texts.plain(line.transferred, currency),
                      "outstanding": texts.plain(line.outstanding, currency),
                      "retained": line.retained} for line in result.lines],
        "settled": result.settled,
    }


class AssetDetailSerializer(AssetSerializer):
    events = StageEventSerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)
    arrangement = serializers.SerializerMethodField()
    transfers = TransferSerializer(many=True, read_only=True)
    disposal = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(AssetSerializer.Meta):
        fields = [*AssetSerializer.Meta.fields, "events", "claims", "arrangement", "transfers",
                  "disposal", "allowed_transitions"]

    @extend_schema_field(ArrangementSerializer(allow_null=True))
    def get_arrangement(self, asset: Asset) -> dict | None:
        arrangement = selectors.arrangement_of(asset)
        return ArrangementSerializer(arrangement).data if arrangement else None

    @extend_schema_field(DisposalSerializer)
    def get_disposal(self, asset: Asset) -> dict:
        return disposal_data(selectors.disposal(asset))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_transitions(self, asset: Asset) -> list[str]:
        return workflow.allowed_targets(asset.stage)


class AssetTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=200)
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all(), required=False,
                                              allow_null=True)
    ordered_by = serializers.ChoiceField(choices=OrderedBy.choices, required=False,
                                         allow_blank=True, default="")
    amount = serializers.DecimalField(required=False, allow_null=True, **AMOUNT)
    currency = serializers.CharField(required=False, allow_blank=True, default="",
                                     max_length=3)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class TransferCreateSerializer(serializers.Serializer):
    to = serializers.CharField(help_text="A recipient key from disposal.balances "
                                         "(claim:<id> or share key such as state:FR)")
    amount = serializers.DecimalField(**AMOUNT)
    made_on = serializers.DateField(required=False, allow_null=True)
    reference = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=200)


class AgreeSerializer(serializers.Serializer):
    agreed_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class AmountRowSerializer(serializers.Serializer):
    currency = serializers.CharField()
    frozen_estimated = serializers.CharField()
    realised = serializers.CharField()
    returned = serializers.CharField()
    shared = serializers.CharField()
    to_un_fund = serializers.CharField()


class AssetStatisticsSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["authority", "state", "all"])
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    assets = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    by_type = serializers.DictField(child=serializers.IntegerField())
    amounts = AmountRowSerializer(many=True)
