"""/api/v1/requests/: drafts of requests, their checks, their documents, sending them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from rogatory.accounts.models import User
from rogatory.core.rest import etag, expected_version
from rogatory.writer import checks, document, integrations, rules, schema, services
from rogatory.writer.models import RequestDraft
from rogatory.writer.selectors import drafts_visible_to, review_authorities, review_queue
from rogatory.writer.serializers import (
    CheckSerializer,
    CommentSerializer,
    HandOverSerializer,
    RequestSerializer,
    SendSerializer,
)


class WritesRequests(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("writer.use")


class IgnoreFormatParameter(DefaultContentNegotiation):
    """`?format=pdf|docx` chooses the document, not DRF's renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _error(code: str, message: str, http_status: int, **extra) -> Response:
    return Response({"error": {"code": code, "message": message, **extra}}, status=http_status)


def _issues_error(issues: list[rules.Issue]) -> Response:
    return _error("incomplete", _("The request is not complete: correct the errors first."),
                  422, issues=checks.report(issues)["issues"])


DOCUMENT_PARAMETERS = [
    OpenApiParameter("format", str, enum=["docx", "pdf"], default="pdf"),
    OpenApiParameter("language", str, enum=[*schema.LANGUAGES, "zh"],
                     description="Language of the document; the request's language by default."),
    OpenApiParameter("draft", bool, description="Produce it even with errors, marked as a draft."),
    OpenApiParameter("item", int, description="With document=jit: the index of the joint "
                                              "investigation team item (0 is the first item)."),
    OpenApiParameter("document", str, enum=["request", "jit", "provisional_arrest"],
                     default="request",
                     description="The request itself, the JIT agreement of one item, or the "
                                 "request for provisional arrest of an extradition request."),
]


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's drafts and those shared with it inside its authority; others answer 404."""

    serializer_class = RequestSerializer
    permission_classes = [permissions.IsAuthenticated, WritesRequests]
    queryset = RequestDraft.objects.none()  # the caller's scope: get_queryset

    def get_queryset(self):
        return drafts_visible_to(self.request.user).prefetch_related(
            "shared_with", "review_events__actor")

    @extend_schema(responses=RequestSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="for-review")
    def for_review(self, request: Request) -> Response:
        """The drafts handed to the caller's authority, waiting or accepted and not yet sent."""
        if request.user.role != "officer":
            raise PermissionDenied
        drafts = review_queue(request.user).prefetch_related("shared_with",
                                                             "review_events__actor")
        page = self.paginate_queryset(drafts)
        return self.get_paginated_response(RequestSerializer(page, many=True).data)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        shared = data.pop("shared_with", None)
        draft = services.create_draft(request.user, data)
        if shared:
            services.share(draft, list(User.objects.filter(pk__in=shared)))
        return Response(RequestSerializer(draft).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": etag(draft.version)})

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        draft = self.get_object()
        return Response(RequestSerializer(draft).data, headers={"ETag": etag(draft.version)})

    @extend_schema(description="Replace the sections given; send the version seen as If-Match "
                               "or a version field (stale: 409).")
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self._update(request, partial=True)

    @extend_schema(description="Replace the whole request; sections not given are emptied.")
    def update(self, request: Request, *args, **kwargs) -> Response:
        return self._update(request, partial=False)

    def _update(self, request: Request, partial: bool) -> Response:
        draft = self.get_object()
        if not request.user.has_perm("writer.change_draft", draft):
            raise PermissionDenied
        version = expected_version(request)
        body = {key: value for key, value in request.data.items() if key != "version"}
        serializer = self.get_serializer(draft, data=body, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        shared = data.pop("shared_with", None)
        if shared is not None:
            if not request.user.has_perm("writer.share_draft", draft):
                raise PermissionDenied
            services.share(draft, list(User.objects.filter(pk__in=shared)))
        draft = services.update_draft(draft, version, data, replace=not partial)
        return Response(RequestSerializer(draft).data, headers={"ETag": etag(draft.version)})

    @extend_schema(responses=CheckSerializer)
    @action(detail=True, methods=["get"])
    def check(self, request: Request, pk: str | None = None) -> Response:
        draft = self.get_object()
        return Response(checks.report(checks.run(draft.spec())))

    @extend_schema(parameters=DOCUMENT_PARAMETERS, responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, document.FORMATS["docx"]): OpenApiTypes.BINARY,
        422: OpenApiResponse(description="The request has errors (see the issues)."),
    })
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreFormatParameter)
    def document(self, request: Request, pk: str | None = None):
        draft = self.get_object()
        fmt = request.query_params.get("format", "pdf")
        language = schema.normalise_language(request.query_params.get("language")
                                             or draft.language)
        if fmt not in document.FORMATS or language is None:
            return _error("invalid", _("Choose format docx or pdf and one of the six UN "
                                       "languages."), 400)
        return document_response(draft, fmt, language, request.query_params)

    @extend_schema(request=SendSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        """Register the request as sent; with `"channel": "exchange"` also send it through
        Rogatory to the node serving the requested authority (docs/exchange.md)."""
        draft = self.get_object()
        if not request.user.has_perm("writer.send_draft", draft):
            raise PermissionDenied
        choice = SendSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        exchange = choice.validated_data["channel"] == "exchange"
        try:
            if exchange:
                draft = integrations.send_through_exchange(
                    draft, expected_version(request), request.user,
                    sign=choice.validated_data["sign"])
            else:
                draft = services.send(draft, expected_version(request), request.user)
        except services.NotReady as error:
            return _issues_error(error.issues)
        except integrations.NotSent as error:
            return _error("not_signed", str(error), 503)
        except integrations.Unavailable:
            if exchange:
                return _error("not_served", _("No node on the trust list serves the requested "
                                              "authority: the request was not sent."), 409)
            return _error("unavailable", _("The case register is not available: the request "
                                           "was not sent."), 503)
        return Response(RequestSerializer(draft).data, headers={"ETag": etag(draft.version)})


    @extend_schema(request=HandOverSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """A practitioner hands its finished draft to a central authority of its State."""
        draft = self._checked("writer.submit_draft")
        body = _valid(HandOverSerializer, request)
        authority = None
        if body.get("authority") is not None:
            authority = next((choice for choice in review_authorities(draft)
                              if choice.pk == body["authority"]), None)
            if authority is None:
                return _error("invalid", _("Choose a central authority of your State that has "
                                           "an officer to review it."), 400)
        return self._step(lambda: services.submit_for_review(
            draft, expected_version(request), request.user, authority,
            body.get("comment", "")))

    @extend_schema(request=CommentSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_draft(self, request: Request, pk: str | None = None) -> Response:
        """The reviewing officer gives the draft back to its author with a comment."""
        draft = self._checked("writer.review_draft")
        body = _valid(CommentSerializer, request)
        return self._step(lambda: services.return_draft(
            draft, expected_version(request), request.user, body.get("comment", "")))

    @extend_schema(request=CommentSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The reviewing officer's authority takes the request over, to send it."""
        draft = self._checked("writer.review_draft")
        body = _valid(CommentSerializer, request)
        return self._step(lambda: services.accept(
            draft, expected_version(request), request.user, body.get("comment", "")))

    def _checked(self, permission: str) -> RequestDraft:
        draft = self.get_object()
        if not self.request.user.has_perm(permission, draft):
            raise PermissionDenied
        return draft

    def _step(self, action) -> Response:
        try:
            draft = action()
        except services.NotReady as error:
            return _issues_error(error.issues)
        draft = self.get_queryset().filter(pk=draft.pk).first() or draft
        return Response(RequestSerializer(draft).data, headers={"ETag": etag(draft.version)})


def _valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def document_response(draft, fmt: str, language: str, params) -> HttpResponse | Response:
    """The document of a draft (or its JIT agreement), refused while errors remain."""
    preview = str(params.get("draft", "")).lower() in ("1", "true", "yes")
    jit_item = None
    if params.get("document") == "jit":
        raw = str(params.get("item") or "0")
        jit_item = int(raw) if raw.isdigit() else -1
    try:
        content, filename = services.render_document(
            draft, fmt, language, preview, jit_item,
            provisional_arrest=params.get("document") == "provisional_arrest")
    except services.NotReady as error:
        return _issues_error(error.issues)
    except LookupError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=document.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


router = SimpleRouter()
router.trailing_slash = "/?"  # ".../check" (as documented) and ".../check/" both answer
router.register("requests", RequestViewSet, basename="request")
urlpatterns = router.urls
