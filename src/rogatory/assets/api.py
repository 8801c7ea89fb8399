from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rogatory.assets import selectors, services
from rogatory.assets.models import Asset, AssetType, Stage
from rogatory.assets.serializers import (
    AgreeSerializer,
    ArrangementSerializer,
    AssetDetailSerializer,
    AssetSerializer,
    AssetStatisticsSerializer,
    AssetTransitionSerializer,
    AssetUpdateSerializer,
    ClaimSerializer,
    TransferCreateSerializer,
    TransferSerializer,
)
from rogatory.assets.texts import plain
from rogatory.cases.api import STATISTICS_PARAMETERS, statistics_request
from rogatory.core.rest import etag, expected_version

IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                            description='The version, as "N" (or a version field)')


class CanUseRegister(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("assets.view_register")


def _optional_version(request: Request, data: dict) -> int | None:
    """The version when the client sent one (then a stale one is 409), else None."""
    if request.headers.get("If-Match") or data.get("version") is not None:
        return expected_version(request)
    return None


class AssetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assets linked to a case the caller may see in the case register; others are 404."""

    queryset = Asset.objects.all()  # narrowed to the caller's scope in get_queryset
    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    def get_serializer_class(self):
        return {"retrieve": AssetDetailSerializer, "partial_update": AssetUpdateSerializer,
                "transition": AssetTransitionSerializer}.get(self.action, AssetSerializer)

    def get_queryset(self):
        assets = selectors.visible_assets(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            assets = selectors.filter_assets(assets, params.get("stage", ""),
                                             params.get("type", ""), params.get("q", ""))
        return assets.select_related("location_state").prefetch_related("cases")

    @extend_schema(parameters=[OpenApiParameter("stage", str, enum=Stage.values),
                               OpenApiParameter("type", str, enum=AssetType.values),
                               OpenApiParameter("q", str, description="Part of the "
                                                "description")])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag(response.data["version"])
        return response

    @extend_schema(request=AssetSerializer, responses={201: AssetSerializer})
    def create(self, request: Request) -> Response:
        if not request.user.has_perm("assets.create_asset"):
            raise PermissionDenied
        serializer = AssetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cases = data.pop("cases")
        visible = set(selectors.linkable_cases(request.user).values_list("pk", flat=True))
        if any(case.pk not in visible for case in cases):
            raise serializers.ValidationError({"cases": ["You may link an asset only to a "
                                                         "case of your own authority."]})
        asset = services.create_asset(request.user, cases, **data)
        return Response(AssetSerializer(asset).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": etag(asset.version)})

    @extend_schema(request=AssetUpdateSerializer, responses=AssetSerializer,
                   parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        asset = self.get_object()
        if not request.user.has_perm("assets.change_asset", asset):
            raise PermissionDenied
        version = expected_version(request)
        serializer = AssetUpdateSerializer(asset, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        asset = services.update_asset(asset, request.user, version,
                                      dict(serializer.validated_data))
        return Response(AssetSerializer(asset).data, headers={"ETag": etag(asset.version)})

    @extend_schema(request=AssetTransitionSerializer, responses=AssetDetailSerializer,
                   parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the asset to its next stage (the workflow table says which are allowed)."""
        asset = self.get_object()
        serializer = AssetTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = _optional_version(request, data)
        data.pop("version", None)
        asset = services.transition(asset, request.user, services.StageChange(
            target=data.pop("to"), **data), expected_version=version)
        return Response(AssetDetailSerializer(asset).data, headers={"ETag": etag(asset.version)})


def _asset_for_change(request: Request, pk: int) -> Asset:
    asset = get_object_or_404(selectors.visible_assets(request.user), pk=pk)
    if not request.user.has_perm("assets.change_asset", asset):
        raise PermissionDenied
    return asset


class ClaimsView(APIView):
    """Claims of victims and legitimate owners of one asset (art. 14(2))."""

    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    @extend_schema(request=ClaimSerializer, responses={201: ClaimSerializer})
    def post(self, request: Request, pk: int) -> Response:
        asset = _asset_for_change(request, pk)
        serializer = ClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = services.add_claim(asset, request.user, **serializer.validated_data)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ArrangementView(APIView):
    """The sharing arrangement of an asset, all terms at once (rejected whole if invalid)."""

    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    @extend_schema(responses=ArrangementSerializer)
    def get(self, request: Request, pk: int) -> Response:
        asset = get_object_or_404(selectors.visible_assets(request.user), pk=pk)
        arrangement = selectors.arrangement_of(asset)
        if arrangement is None:
            raise Http404
        return Response(ArrangementSerializer(arrangement).data,
                        headers={"ETag": etag(arrangement.version)})

    @extend_schema(request=ArrangementSerializer, responses=ArrangementSerializer,
                   parameters=[IF_MATCH])
    def put(self, request: Request, pk: int) -> Response:
        asset = _asset_for_change(request, pk)
        serializer = ArrangementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        existing = selectors.arrangement_of(asset)
        version = expected_version(request) if existing else None
        data.pop("version", None)
        arrangement = services.save_arrangement(
            asset, request.user, legal_basis=data["legal_basis"],
            holding_state=data["holding_state"],
            basis_reference=data.get("basis_reference", ""), notes=data.get("notes", ""),
            costs=[services.CostTerm(**c) for c in data.get("costs", [])],
            shares=[services.ShareTerm(**s) for s in data.get("shares", [])],
            expected_version=version)
        return Response(ArrangementSerializer(arrangement).data,
                        headers={"ETag": etag(arrangement.version)})


class AgreeView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    @extend_schema(request=AgreeSerializer, responses=ArrangementSerializer,
                   parameters=[IF_MATCH])
    def post(self, request: Request, pk: int) -> Response:
        asset = _asset_for_change(request, pk)
        arrangement = selectors.arrangement_of(asset)
        if arrangement is None:
            raise serializers.ValidationError({"arrangement": ["No arrangement to agree."]})
        serializer = AgreeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        arrangement = services.agree_arrangement(arrangement, request.user,
                                                 expected_version(request),
                                                 serializer.validated_data.get("agreed_on"))
        return Response(ArrangementSerializer(arrangement).data,
                        headers={"ETag": etag(arrangement.version)})


class TransfersView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanUseRegister]

    @extend_schema(request=TransferCreateSerializer, responses={201: TransferSerializer})
    def post(self, request: Request, pk: int) -> Response:
        asset = _asset_for_change(request, pk)
        serializer = TransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        transfer = services.record_transfer(asset, request.user, data["to"], data["amount"],
                                            data.get("made_on"), data["reference"])
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class CanSeeStatistics(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("assets.view_statistics")


class AssetStatisticsView(APIView):
    """Aggregates for a State's reporting: its authority (officers, practitioners), its State
    (focal points), every authority or one State (secretariat). Never an asset."""

    permission_classes = [permissions.IsAuthenticated, CanSeeStatistics]

    @extend_schema(parameters=STATISTICS_PARAMETERS, responses=AssetStatisticsSerializer)
    def get(self, request: Request) -> Response:
        asked = statistics_request(request)
        stats = selectors.asset_statistics(asked.scope.cases, asked.date_from, asked.date_to)
        body = {**stats, "scope": asked.scope.level, "amounts": [
            {key: (value if key == "currency" else plain(value, row["currency"]))
             for key, value in row.items()} for row in stats["amounts"]]}
        return Response(AssetStatisticsSerializer(body).data)


urlpatterns = [
    path("assets/", AssetViewSet.as_view({"get": "list", "post": "create"}), name="api-assets"),
    path("assets/<int:pk>/", AssetViewSet.as_view({"get": "retrieve",
                                                   "patch": "partial_update"}),
         name="api-asset"),
    path("assets/<int:pk>/transition/", AssetViewSet.as_view({"post": "transition"}),
         name="api-asset-transition"),
    path("assets/<int:pk>/claims/", ClaimsView.as_view(), name="api-asset-claims"),
    path("assets/<int:pk>/arrangement/", ArrangementView.as_view(),
         name="api-asset-arrangement"),
    path("assets/<int:pk>/arrangement/agree/", AgreeView.as_view(), name="api-asset-agree"),
    path("assets/<int:pk>/transfers/", TransfersView.as_view(), name="api-asset-transfers"),
    path("stats/assets/", AssetStatisticsView.as_view(), name="api-asset-statistics"),
]
