from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rogatory.legalbasis.serializers import LegalBasisAnswerSerializer, QuerySerializer
from rogatory.legalbasis.services import find_legal_basis
from rogatory.states.choices import choosable_states
from rogatory.states.errors import UnknownCode


class LegalBasisView(APIView):
    """On which instruments can a request from one State to another rest, and why."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[QuerySerializer], responses={
        200: LegalBasisAnswerSerializer,
        400: OpenApiResponse(description="Unknown State or bad query.")})
    def get(self, request: Request) -> Response:
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        for code in (data["requesting"], data["requested"]):
            if not choosable_states().filter(alpha2=code.upper()).exists():
                raise UnknownCode(code)
        return Response(find_legal_basis(data["requesting"], data["requested"], data["type"],
                                         data["offence"], data.get("date")))


urlpatterns = [path("legal-basis/", LegalBasisView.as_view(), name="api-legal-basis")]
