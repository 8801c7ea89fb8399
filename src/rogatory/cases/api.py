import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rogatory.cases import selectors, services
from rogatory.cases.models import Case, Direction, Document, Kind, Status
from rogatory.cases.serializers import (
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSerializer,
    DocumentSerializer,
    StatisticsSerializer,
    TransitionSerializer,
)
from rogatory.cases.views import document_response
from rogatory.core.rest import etag, expected_version


class CanUseRegister(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("cases.view_register")


FILTERS = [
    OpenApiParameter("direction", str, enum=Direction.values),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("counterpart", str, description="ISO alpha-2 code of the counterpart State"),
    OpenApiParameter("kind", str, enum=Kind.values),
    OpenApiParameter("overdue", bool, description="Only open cases past their due date"),
    OpenApiParameter("q", str, description="Part of the reference or title"),
]


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Cases the caller may see: its authority's and those shared with it. Others are 404."""

    queryset = Case.objects.all()  # narrowed to the caller's scope in get_queryset
    permission_classes = [permissions.IsAuthenticated, CanUseRegister]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        if self.action == "retrieve":
            return CaseDetailSerializer
        if self.action == "transition":
            return TransitionSerializer
        return CaseSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": selectors.today()}

    def get_queryset(self):
        cases = selectors.visible_cases(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            cases = selectors.filter_cases(cases, selectors.CaseFilters(
                direction=params.get("direction", ""), status=params.get("status", ""),
                counterpart=params.get("counterpart", ""), kind=params.get("kind", ""),
                overdue=params.get("overdue", "").lower() in {"1", "true", "yes"},
                q=params.get("q", "")))
        return cases.select_related("counterpart_state")

    @extend_schema(parameters=FILTERS)
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag(response.data["version"])
        return response

    def create(self, request: Request, *args, **kwargs) -> Response:
        if not request.user.has_perm("cases.register_case"):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["counterpart_state"] = data["counterpart_state"].pk
        case = services.register_case(authority=request.user.authority,
                                      created_by=request.user, **data)
        body = CaseSerializer(case, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag(case.version)})

    @extend_schema(parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                                description='The version, as "N"')])
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        case = self.get_object()
        if not request.user.has_perm("cases.change_case", case):
            raise PermissionDenied
        version = expected_version(request)
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        case = services.update_case(case, request.user, version, serializer.validated_data)
        body = CaseSerializer(case, context=self.get_serializer_context()).data
        return Response(body, headers={"ETag": etag(case.version)})

    def update(self, request: Request, *args, **kwargs) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=TransitionSerializer, responses={200: CaseSerializer},
                   parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                                description='Optional: the version, as "N"')])
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the case to another status (the workflow table says which are allowed)."""
        case = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = (expected_version(request)
                   if request.headers.get("If-Match") or "version" in data else None)
        try:
            case = services.transition(case, request.user, data["to"], on=data.get("on"),
                                       note=data["note"], grounds=data["grounds"],
                                       grounds_text=data["grounds_text"],
                                       expected_version=version)
        except DjangoValidationError as error:
            # The service speaks of the "target"; this endpoint calls it "to".
            raise serializers.ValidationError({"to" if key == "target" else key: value for
                                               key, value in error.message_dict.items()}) \
                from error
        body = CaseSerializer(case, context=self.get_serializer_context()).data
        return Response(body, headers={"ETag": etag(case.version)})


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDocumentsView(APIView):
    """Documents of a case the caller may see; upload needs an officer of the authority."""

    permission_classes = [permissions.IsAuthenticated, CanUseRegister]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DocumentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
        return Response(DocumentSerializer(case.documents.all(), many=True).data)

    @extend_schema(request=DocumentUploadSerializer, responses={201: DocumentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
        if not request.user.has_perm("cases.add_document", case):
            raise PermissionDenied
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        doc = services.add_document(case, upload.name,
                                    upload.read(services.max_document_bytes() + 1), request.user,
                                    serializer.validated_data["description"])
        return Response(DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


class CaseDocumentView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The file, as an attachment")})
    def get(self, request: Request, pk: int, doc_pk: int):
        case = get_object_or_404(selectors.visible_cases(request.user), pk=pk)
        return document_response(get_object_or_404(Document, case=case, pk=doc_pk))


class CanSeeStatistics(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("cases.view_statistics")


def _pairs(rows: list[tuple[str, int]]) -> list[dict]:
    return [{"code": code, "count": n} for code, n in rows]


class StatisticsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


# The query parameters of every statistics endpoint (cases, assets).
STATISTICS_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("state", str, description="Secretariat only: one State's authorities"),
]


@dataclass(frozen=True)
class StatisticsRequest:
    scope: selectors.StatisticsScope
    date_from: datetime.date | None
    date_to: datetime.date | None


def statistics_request(request: Request) -> StatisticsRequest:
    """The caller's statistics scope and period, validated (400) and authorised (403)."""
    query = StatisticsQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    state = request.query_params.get("state", "") if request.user.role == "secretariat" \
        else ""
    scope = selectors.statistics_scope(request.user, state)
    if scope is None:
        raise PermissionDenied
    return StatisticsRequest(scope, query.validated_data.get("date_from"),
                             query.validated_data.get("date_to"))


class CaseStatisticsView(APIView):
    """Aggregated statistics of the caller's scope: its authority (officers, practitioners),
    its State (focal points), or every authority or one State (secretariat)."""

    permission_classes = [permissions.IsAuthenticated, CanSeeStatistics]

    @extend_schema(parameters=STATISTICS_PARAMETERS, responses=StatisticsSerializer)
    def get(self, request: Request) -> Response:
        asked = statistics_request(request)
        stats = selectors.scope_statistics(asked.scope, asked.date_from, asked.date_to)
        body = {**stats, "scope": asked.scope.level}
        for key in ("by_kind", "by_counterpart", "by_legal_basis", "refusal_grounds"):
            body[key] = _pairs(stats[key])
        return Response(StatisticsSerializer(body).data)


urlpatterns = [
    path("cases/", CaseViewSet.as_view({"get": "list", "post": "create"}), name="api-cases"),
    path("cases/<int:pk>/", CaseViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
         name="api-case"),
    path("cases/<int:pk>/transition/", CaseViewSet.as_view({"post": "transition"}),
         name="api-case-transition"),
    path("cases/<int:pk>/documents/", CaseDocumentsView.as_view(), name="api-case-documents"),
    path("cases/<int:pk>/documents/<int:doc_pk>/", CaseDocumentView.as_view(),
         name="api-case-document"),
    path("stats/cases/", CaseStatisticsView.as_view(), name="api-case-statistics"),
]
