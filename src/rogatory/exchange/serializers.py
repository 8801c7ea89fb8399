import base64
import binascii

from rest_framework import serializers

from rogatory.cases.models import RefusalGround
from rogatory.exchange import signing
from rogatory.exchange.models import (
    Consultation,
    ConsultationComment,
    ConsultationVersion,
    Evidence,
    Message,
)


class EvidenceSerializer(serializers.ModelSerializer):
    jws = serializers.CharField(source="token", read_only=True)

    class Meta:
        model = Evidence
        fields = ["type", "issuer_node", "issued_at", "reason", "jws"]


class MessageSerializer(serializers.ModelSerializer):
    evidences = EvidenceSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "message_id", "conversation_id", "direction", "kind", "sender_node",
                  "recipient_node", "sender_authority", "recipient_authority", "case",
                  "created", "expires", "manifest_hash", "parts", "body", "retrieved_at",
                  "status", "signatures", "effect", "effect_detail", "evidences"]

    def get_status(self, message: Message) -> str | None:
        """Delivery state of a sent message (pending, delivered, failed); null if received."""
        outbox = getattr(message, "outbox", None)
        return outbox.status if outbox else None

    def get_signatures(self, message: Message) -> list[dict]:
        """Received PDFs' signatures as checked on receipt, a line each: part, state (valid,
        not_valid, not_trusted, unsigned, unchecked), text, signer (name, organisation =
        node, signing_time, valid, intact, trusted, ok) or null. Empty for a sent message."""
        return signing.describe(message.signatures)


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationComment
        fields = ["section", "text", "by_drafter", "created"]


class VersionSerializer(serializers.ModelSerializer):
    comments = CommentSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultationVersion
        fields = ["number", "sha256", "previous_sha256", "created", "spec", "comments"]


class ConsultationSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "conversation_id", "title", "is_drafter", "counterpart_node",
                  "counterpart_authority", "created", "versions"]


class RefuseSerializer(serializers.Serializer):
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=RefusalGround.choices),
                                    min_length=1)
    text = serializers.CharField(max_length=5000)


class DocumentSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    content = serializers.CharField(help_text="The file, base64-encoded.")

    def validate_content(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            raise serializers.ValidationError("Not base64.") from error


class InformationSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=20000)
    documents = DocumentSerializer(many=True, required=False, default=list)


class CommentInputSerializer(serializers.Serializer):
    comments = serializers.DictField(
        child=serializers.CharField(max_length=5000), allow_empty=False,
        help_text="Section of the request (its key, such as facts) to the comment on it.")

    def validate_comments(self, value: dict) -> dict:
        if any(len(section) > 60 for section in value):
            raise serializers.ValidationError("A section name has at most 60 characters.")
        return value
