from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.throttling import ScopedRateThrottle

from rogatory.accounts import services
from rogatory.accounts.assurance import mfa_missing, recently_authenticated
from rogatory.accounts.models import ApiToken, User
from rogatory.accounts.selectors import users_managed_by
from rogatory.accounts.serializers import (
    ApiTokenSerializer,
    ManagedUserSerializer,
    NewApiTokenSerializer,
    UserSerializer,
)


class MeView(generics.RetrieveAPIView):
    serializer_class = UserSerializer

    def get_object(self):
        return self.request.user


class ReauthenticationRequired(exceptions.PermissionDenied):
    default_code = "reauthentication_required"
    default_detail = _("Create tokens from a browser session that signed in or confirmed its "
                       "password in the last few minutes (a token cannot create tokens).")


class TokenViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    """The signed-in user's own API tokens: list, create (the key is returned once), revoke."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.all()  # narrowed to the caller's own in get_queryset
    throttle_scope = "token"

    def get_throttles(self):
        if self.action == "create":
            return [ScopedRateThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        return self.request.user.api_tokens.all()

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if mfa_missing(request.user):
            raise PermissionDenied
        if not (isinstance(request.successful_authenticator, SessionAuthentication)
                and recently_authenticated(request)):
            raise ReauthenticationRequired
        token, key = services.create_token(request.user, serializer.validated_data["name"],
                                           request)
        token.key = key
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance) -> None:
        services.revoke_token(instance, self.request)


class CanListUsers(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("accounts.list_users")

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or request.user.has_perm(
            "accounts.manage_user", obj)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Accounts the caller manages (secretariat: all; focal point: its own State's)."""

    serializer_class = ManagedUserSerializer
    queryset = User.objects.all()  # narrowed to the caller's remit in get_queryset
    permission_classes = [permissions.IsAuthenticated, CanListUsers]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return users_managed_by(self.request.user).order_by("email")


router = SimpleRouter()
router.register("tokens", TokenViewSet, basename="token")
router.register("users", UserViewSet, basename="user")
urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
