"""/api/v1/exchange/messages/ (what the caller's authority sent and received, with the
evidences; their export) and /api/v1/requests/{id}/consultations/ (draft consultation)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from rogatory.cases.selectors import visible_cases
from rogatory.cases.services import check_document
from rogatory.exchange import selectors, services
from rogatory.exchange.serializers import (
    CommentInputSerializer,
    ConsultationSerializer,
    InformationSerializer,
    MessageSerializer,
    RefuseSerializer,
)
from rogatory.writer.selectors import drafts_visible_to


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Officers of the sending or receiving authority only; others see none (404)."""

    serializer_class = MessageSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (selectors.messages_visible_to(self.request.user)
                .select_related("outbox").prefetch_related("evidences"))

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        """An incoming message opened by an officer of the receiving authority: Retrieval."""
        message = services.retrieve(self.get_object(), request.user)
        return Response(self.get_serializer(message).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Register a received request: Acceptance, sent back to the requesting node."""
        message = self.get_object()
        _decide(lambda: services.accept(message, request.user))
        return Response(self.get_serializer(message).data)

    @extend_schema(request=RefuseSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        """Return a received request with grounds: Refusal, and the case refused."""
        message = self.get_object()
        data = _valid(RefuseSerializer, request)
        _decide(lambda: services.refuse(message, request.user, data["grounds"], data["text"]))
        return Response(self.get_serializer(message).data)

    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """The evidences of both sides, each a JWS signed by the node that issued it."""
        message = self.get_object()
        response = Response(selectors.evidence_export(message))
        response["Content-Disposition"] = (
            f'attachment; filename="evidence-{message.message_id}.json"')
        return response


class ConsultationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Consultations of the caller's authority, drafting or consulted, with every version and
    its comments."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (selectors.consultations_visible_to(self.request.user)
                .prefetch_related("versions__comments"))

    @extend_schema(request=CommentInputSerializer)
    @action(detail=True, methods=["post"])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """Comments per section on the latest version, sent to the other side."""
        consultation = self.get_object()
        data = _valid(CommentInputSerializer, request)
        latest = consultation.versions.order_by("-number").first()
        if latest is None:
            raise Http404
        _decide(lambda: services.comment(latest, request.user, data["comments"]))
        return Response(self.get_serializer(consultation).data, status=201)


def _valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _decide(decision) -> None:
    try:
        decision()
    except DjangoValidationError as error:
        raise serializers.ValidationError({"detail": error.messages}) from error


@extend_schema(request=InformationSerializer, responses=MessageSerializer)
@api_view(["POST"])
def information(request: Request, pk: int) -> Response:
    """A request for more information (requested side, UNTOC art. 18(16)) or the answer
    (requesting side), with documents, to the other side of an exchanged case."""
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    data = _valid(InformationSerializer, request)
    try:
        documents = [(row["name"], check_document(row["name"], row["content"]),
                      row["content"]) for row in data["documents"]]
        message = services.send_information(case, request.user, data["subject"], data["text"],
                                            documents)
    except DjangoValidationError as error:
        raise serializers.ValidationError({"detail": error.messages}) from error
    return Response(MessageSerializer(message).data, status=201)


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
router.register("exchange/consultations", ConsultationViewSet,
                basename="exchange-consultation")
urlpatterns = [*router.urls,
               path("exchange/cases/<int:pk>/information/", information,
                    name="exchange-information"),
               path("requests/<int:pk>/consultations/", consultations,
                    name="request-consultations")]
