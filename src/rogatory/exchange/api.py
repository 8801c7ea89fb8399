"""/api/v1/exchange/messages/ (what the caller's authority sent and received, with the
evidences; their export) and /api/v1/requests/{id}/consultations/ (draft consultation)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from rogatory.exchange import selectors, services
from rogatory.exchange.serializers import ConsultationSerializer, MessageSerializer
from rogatory.writer.selectors import drafts_visible_to


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Officers of the sending or receiving authority only; others see none (404)."""

    serializer_class = MessageSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (selectors.messages_visible_to(self.request.user)
                .select_related("outbox").prefetch_related("evidences"))

    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """The evidences of both sides, each a JWS signed by the node that issued it."""
        message = self.get_object()
        response = Response(selectors.evidence_export(message))
        response["Content-Disposition"] = (
            f'attachment; filename="evidence-{message.message_id}.json"')
        return response


@extend_schema(request=None, responses=ConsultationSerializer(many=True))
@api_view(["GET", "POST"])
def consultations(request: Request, pk: int) -> Response:
    """GET: the consultations of a draft with every version and comment. POST: share the
    draft's current text with the requested authority as a new version."""
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    if request.method == "POST":
        if draft.is_sent:
            raise PermissionDenied
        try:
            services.share_draft(draft, request.user)
        except services.NotServed:
            return Response({"error": {"code": "not_served", "message": _(
                "No node on the trust list serves the requested authority.")}}, status=409)
    found = (selectors.consultations_visible_to(request.user).filter(request_id=draft.pk)
             .prefetch_related("versions__comments"))
    return Response(ConsultationSerializer(found, many=True).data,
                    status=201 if request.method == "POST" else 200)


router = SimpleRouter()
router.trailing_slash = "/?"
router.register("exchange/messages", MessageViewSet, basename="exchange-message")
urlpatterns = [*router.urls,
               path("requests/<int:pk>/consultations/", consultations,
                    name="request-consultations")]
