from rest_framework import serializers

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

    class Meta:
        model = Message
        fields = ["id", "message_id", "conversation_id", "direction", "kind", "sender_node",
                  "recipient_node", "sender_authority", "recipient_authority", "case",
                  "created", "expires", "manifest_hash", "parts", "body", "retrieved_at",
                  "status", "evidences"]

    def get_status(self, message: Message) -> str | None:
        """Delivery state of a sent message (pending, delivered, failed); null if received."""
        outbox = getattr(message, "outbox", None)
        return outbox.status if outbox else None


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
