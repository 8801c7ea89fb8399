from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from rogatory.directory import validators
from rogatory.directory.models import (
    Authority,
    Channel,
    Contact,
    Designation,
    Function,
    Link,
)
from rogatory.permissions.predicates import is_secretariat
from rogatory.states.models import State


def _phone(value: str) -> str:
    try:
        return validators.normalise_phone(value) if value else ""
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error


class ContactSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)
    phones = serializers.ListField(child=serializers.CharField(max_length=40), required=False)

    class Meta:
        model = Contact
        fields = ["id", "name", "title", "phones", "email", "fax"]

    def validate_phones(self, phones: list[str]) -> list[str]:
        return [_phone(number) for number in phones]

    def validate_fax(self, fax: str) -> str:
        return _phone(fax)


class DesignationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Designation
        fields = ["id", "basis", "instrument", "source", "as_of"]


class LinkSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Link
        fields = ["id", "kind", "title", "url"]


class RequirementsSerializer(serializers.Serializer):
    dual_criminality = serializers.BooleanField(allow_null=True)
    use_limitation = serializers.BooleanField(allow_null=True)
    reciprocity = serializers.BooleanField(allow_null=True)
    court_order_for_coercive_measures = serializers.BooleanField(allow_null=True)
    confidentiality_on_request = serializers.BooleanField(allow_null=True)
    evidence_statement = serializers.BooleanField(allow_null=True)
    documentation = serializers.CharField(allow_blank=True)
    authentication = serializers.CharField(allow_blank=True)
    notes = serializers.CharField(allow_blank=True)


EDITABLE = ["state", "part", "name", "name_en", "functions", "postal_address", "email", "phone",
            "office_hours", "time_zone", "languages", "certified_translation", "channels",
            "original_required", "urgent_procedure", "urgent_channels", "urgent_authority",
            "dual_criminality", "use_limitation", "reciprocity",
            "court_order_for_coercive_measures", "confidentiality_on_request",
            "evidence_statement", "documentation", "authentication", "requirements_notes",
            "source", "as_of"]
CHILDREN = ["contacts", "designations", "links"]


class AuthoritySerializer(serializers.ModelSerializer):
    """An entry for signed-in officials. On PATCH, `contacts`, `designations` and `links`
    when given replace the lists (items with an `id` update that item)."""

    state = serializers.SlugRelatedField(slug_field="alpha2", queryset=State.objects.all())
    functions = serializers.ListField(child=serializers.ChoiceField(Function.choices),
                                      required=False)
    channels = serializers.ListField(child=serializers.ChoiceField(Channel.choices),
                                     required=False)
    urgent_channels = serializers.ListField(child=serializers.ChoiceField(Channel.choices),
                                            required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=2), required=False,
                                      help_text="ISO 639-1 codes.")
    contacts = ContactSerializer(many=True, required=False)
    designations = DesignationSerializer(many=True, required=False)
    links = LinkSerializer(many=True, required=False)
    stale = serializers.BooleanField(source="is_stale", read_only=True,
                                     help_text="Not verified for twelve months.")
    verified_by = serializers.CharField(read_only=True, allow_null=True)
    version = serializers.IntegerField(required=False,
                                       help_text="The version you are updating (or If-Match).")

    class Meta:
        model = Authority
        fields = ["id", *EDITABLE, *CHILDREN, "last_verified", "verified_by", "stale",
                  "review_status", "version"]
        read_only_fields = ["id", "last_verified", "verified_by", "stale", "review_status"]

    def validate_languages(self, codes: list[str]) -> list[str]:
        codes = [code.lower() for code in codes]
        try:
            validators.validate_languages(codes)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return codes

    def validate_phone(self, value: str) -> str:
        return _phone(value)

    def validate_state(self, state: State) -> State:
        user = self.context["request"].user
        if not is_secretariat(user) and state.pk != user.state_id:
            raise serializers.ValidationError(_("You may only keep your own State's entries."))
        return state

    def split(self) -> tuple[dict, dict]:
        """(authority values, children) from the validated data."""
        data = dict(self.validated_data)
        data.pop("version", None)
        children = {kind: data.pop(kind) for kind in CHILDREN if kind in data}
        return data, children


class RouteAuthoritySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    state = serializers.CharField()
    part = serializers.IntegerField()


class RouteSerializer(serializers.Serializer):
    """The routing answer (CONTRACTS.md: rogatory.directory.selectors.route)."""

    state = serializers.CharField()
    assistance = serializers.ChoiceField(Function.choices)
    urgent = serializers.BooleanField()
    authority = RouteAuthoritySerializer()
    languages = serializers.ListField(child=serializers.CharField())
    certified_translation = serializers.BooleanField(allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(Channel.choices))
    original_required = serializers.BooleanField(allow_null=True)
    urgent_procedure = serializers.CharField()
    requirements = RequirementsSerializer()
    last_verified = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField()
    source = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False,
                                       help_text="The version you saw (or If-Match).")
