from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from rogatory.core.rest import etag, expected_version
from rogatory.directory import selectors, services
from rogatory.directory.models import Authority, Channel, Function
from rogatory.directory.serializers import AuthoritySerializer, RouteSerializer, VersionSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("state", str, description="ISO alpha-2 code of the State."),
    OpenApiParameter("function", str, enum=Function.values),
    OpenApiParameter("instrument", str, description="Instrument code (e.g. UNTOC, UNCAC)."),
    OpenApiParameter("language", str, description="ISO 639-1 code of an accepted language."),
    OpenApiParameter("channel", str, enum=Channel.values),
    OpenApiParameter("part", int, enum=[1, 2]),
    OpenApiParameter("stale", bool, description="Only entries not verified for 12 months."),
    OpenApiParameter("q", str, description="Name contains."),
]


class AuthorityPermission(permissions.BasePermission):
    """Reading: signed-in officials. Writing: the State's focal point or the secretariat."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("directory.view_restricted")
        if getattr(view, "action", None) == "approve":
            return request.user.has_perm("directory.approve")
        return request.user.has_perm("directory.add_authority")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS or view.action == "approve":
            return True
        return request.user.has_perm("directory.change_authority", obj)


def _with_etag(authority: Authority, code: int = status.HTTP_200_OK) -> Response:
    response = Response(AuthoritySerializer(authority).data, status=code)
    response["ETag"] = etag(authority.version)
    return response


@extend_schema(tags=["directory"])
class AuthorityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Competent national authorities, with contacts (signed-in officials only)."""

    serializer_class = AuthoritySerializer
    queryset = Authority.objects.all()  # narrowed and filtered in get_queryset
    permission_classes = [permissions.IsAuthenticated, AuthorityPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        authorities = selectors.visible_authorities(self.request.user)
        if self.action == "list":
            authorities = selectors.filter_authorities(self.request.user, authorities,
                                                       self.request.query_params)
        return authorities.prefetch_related("contacts", "designations", "links")

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return _with_etag(self.get_object())

    @extend_schema(request=AuthoritySerializer, responses={201: AuthoritySerializer})
    def create(self, request: Request) -> Response:
        serializer = AuthoritySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        values, children = serializer.split()
        if not request.user.has_perm("directory.change_authority", Authority(**values)):
            raise exceptions.PermissionDenied
        authority = services.create_authority(request.user, values, children)
        return _with_etag(authority, status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                                                description='The version you saw: "N".')],
                   responses={200: AuthoritySerializer,
                              409: OpenApiResponse(description="Saved by someone else first."),
                              428: OpenApiResponse(description="No version sent.")})
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        authority = self.get_object()
        expected = expected_version(request)
        serializer = AuthoritySerializer(authority, data=request.data, partial=True,
                                         context={"request": request})
        serializer.is_valid(raise_exception=True)
        values, children = serializer.split()
        candidate = Authority(state=values.get("state", authority.state))
        if not request.user.has_perm("directory.change_authority", candidate):
            raise exceptions.PermissionDenied
        authority = services.update_authority(authority, expected, values, request.user,
                                              children)
        return _with_etag(Authority.objects.get(pk=authority.pk))

    @extend_schema(request=VersionSerializer, responses={200: AuthoritySerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Mark the entry as checked and current today."""
        authority = services.verify(self.get_object(), expected_version(request), request.user)
        return _with_etag(authority)

    @extend_schema(request=VersionSerializer, responses={200: AuthoritySerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """The secretariat approves the entry's changes."""
        authority = services.approve(self.get_object(), expected_version(request), request.user)
        return _with_etag(authority)


class RouteView(APIView):
    """Which authority receives a request of this type to this State (signed-in officials)."""

    permission_classes = [permissions.IsAuthenticated, AuthorityPermission]

    @extend_schema(
        tags=["directory"],
        parameters=[
            OpenApiParameter("state", str, required=True, description="Requested State."),
            OpenApiParameter("assistance", str, required=True, enum=Function.values),
            OpenApiParameter("urgent", OpenApiTypes.BOOL),
        ],
        responses={200: RouteSerializer,
                   400: OpenApiResponse(description="Unknown State or type of assistance."),
                   404: OpenApiResponse(description="No authority known.")})
    def get(self, request: Request) -> Response:
        params = request.query_params
        urgent = params.get("urgent", "").lower() in ("1", "true", "yes")
        try:
            answer = selectors.route(params.get("state", ""), params.get("assistance", ""),
                                     urgent)
        except ValueError as error:
            raise exceptions.ValidationError({"non_field_errors": [str(error)]}) from error
        if answer is None:
            raise exceptions.NotFound(_(
                "No authority of this State is recorded for this type of assistance. Ask the "
                "State's focal point or the secretariat."))
        return Response(answer)


router = SimpleRouter()
router.register("authorities", AuthorityViewSet, basename="authority")
urlpatterns = [path("directory/route/", RouteView.as_view(), name="api-directory-route"),
               *router.urls]
