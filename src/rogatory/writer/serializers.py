"""The API's request body: the spec of `schema.py`, documented field by field in OpenAPI."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rogatory.writer import schema
from rogatory.writer.models import RequestDraft

KIND_SCHEMAS = {
    "text": {"type": "string"}, "textarea": {"type": "string"}, "email": {"type": "string"},
    "state": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "description": "YYYY-MM-DDTHH:MM (local time of the given "
                                                  "time zone)"},
    "bool": {"type": "boolean", "nullable": True}, "int": {"type": "integer", "minimum": 0},
}


def field_schema(field: schema.Field) -> dict:
    if field.kind == "choice":
        return {"type": "string", "enum": [code for code, _label in field.choices],
                "description": field.label}
    return {**KIND_SCHEMAS[field.kind], "description": field.label}


def object_schema(fields: tuple[schema.Field, ...], **extra) -> dict:
    return {"type": "object", "additionalProperties": False,
            "properties": {**extra, **{f.name: field_schema(f) for f in fields}}}


def step_schema(step: schema.Step) -> dict:
    shape = object_schema(step.fields)
    if step.repeat:
        return {"type": "array", "items": shape, "description": step.title}
    return {**shape, "description": step.title}


ASSISTANCE_SCHEMA = {
    "type": "array",
    "description": "The assistance sought: one or more items, each of a type with its own fields.",
    "items": {"oneOf": [
        object_schema(kind.all_fields, type={"type": "string", "enum": [code]})
        for code, kind in schema.ASSISTANCE_TYPES.items()
    ]},
}


def _section_field(step: schema.Step) -> serializers.Field:
    documented = ASSISTANCE_SCHEMA if step.slug == "assistance" else step_schema(step)

    @extend_schema_field(documented)
    class SectionField(serializers.JSONField):
        pass

    SectionField.__name__ = f"{step.slug.title().replace('_', '')}Field"
    return SectionField(required=False, help_text=step.title)


class ReviewEventSerializer(serializers.Serializer):
    """One step of the hand-over to a central authority."""

    kind = serializers.ChoiceField(choices=["submitted", "returned", "accepted", "sent"])
    by = serializers.EmailField(source="actor.email")
    authority = serializers.IntegerField(source="authority_id")
    comment = serializers.CharField(allow_blank=True)
    created = serializers.DateTimeField()


class RequestSerializer(serializers.Serializer):
    """A request: top-level values and one entry per step (see docs/writer.md)."""

    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=list(schema.KINDS), required=False)
    title = serializers.CharField(max_length=200, required=False)
    language = serializers.ChoiceField(choices=[*schema.LANGUAGES, "zh"], required=False)
    requesting_state = serializers.CharField(read_only=True)
    requested_state = serializers.CharField(max_length=2, required=False, allow_null=True,
                                            allow_blank=True)
    author = serializers.EmailField(source="author.email", read_only=True)
    shared_with = serializers.ListField(child=serializers.IntegerField(), required=False,
                                        help_text="Ids of colleagues of the author's authority.")
    created = serializers.DateTimeField(read_only=True)
    updated = serializers.DateTimeField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True, allow_null=True)
    case_id = serializers.IntegerField(read_only=True, allow_null=True)
    review_authority = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text="The central authority the draft was handed to for review.")
    timeline = ReviewEventSerializer(many=True, read_only=True,
                                     help_text="The hand-over's steps, oldest first.")

    def get_fields(self) -> dict:
        fields = super().get_fields()
        for step in schema.STEPS:
            fields[step.data_key] = _section_field(step)
        return fields

    def validate_requested_state(self, value: str | None) -> str | None:
        if not value:
            return None
        from rogatory.states.models import State

        if not State.objects.filter(alpha2=value.upper()).exists():
            raise serializers.ValidationError(_("Unknown State code."))
        return value.upper()

    def validate(self, attrs: dict) -> dict:
        unknown = set(self.initial_data) - set(self.fields) - {"version"}
        errors = {name: _("Unknown field.") for name in sorted(unknown)}
        spec = {key: value for key, value in attrs.items() if key != "shared_with"}
        if self.instance is not None:
            spec = {**self.instance.spec(), **spec}
        errors.update({path: _(message) for path, message
                       in schema.validate_spec({"kind": "mla", **spec}).items()})
        if errors:
            raise serializers.ValidationError({path: [message] for path, message
                                               in errors.items()})
        return attrs

    def to_representation(self, draft: RequestDraft) -> dict:
        data = {
            "id": draft.pk, "version": draft.version, "status": draft.status,
            "author": draft.author.email,
            "shared_with": sorted(draft.shared_with.values_list("pk", flat=True)),
            "created": draft.created.isoformat(), "updated": draft.updated.isoformat(),
            "sent_at": draft.sent_at.isoformat() if draft.sent_at else None,
            "case_id": draft.case_id, "review_authority": draft.review_authority_id,
            "timeline": ReviewEventSerializer(draft.review_events.all(), many=True).data,
        }
        return {**data, **draft.spec()}


class IssueSerializer(serializers.Serializer):
    step = serializers.CharField()
    field = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()


class CheckSerializer(serializers.Serializer):
    complete = serializers.BooleanField(help_text="True when no issue is an error.")
    issues = IssueSerializer(many=True)


class HandOverSerializer(serializers.Serializer):
    """Hand a draft over for review (named apart from assessment's SubmitSerializer: one
    schema component each)."""

    version = serializers.IntegerField(required=False, help_text="Or an If-Match header.")
    authority = serializers.IntegerField(
        required=False, help_text="A central authority of the requesting State with an officer; "
                                  "the first the writer proposes by default.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CommentSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="Or an If-Match header.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SendSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(
        choices=["register", "exchange"], default="register",
        help_text="register: record it as sent (it travels by another channel); exchange: "
                  "also send it through Rogatory, signed and encrypted, with evidences.")
    sign = serializers.BooleanField(
        default=True, help_text="Exchange channel only: the PDF is signed (PAdES) with a "
                                "certificate this node issued to the caller. Default true.")
    version = serializers.IntegerField(required=False)
