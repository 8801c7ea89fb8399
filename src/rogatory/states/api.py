from django.urls import path
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from rogatory.states.errors import UnknownCode
from rogatory.states.models import State
from rogatory.states.selectors import state_facts, states_with_coverage
from rogatory.states.serializers import StateDetailSerializer, StateSerializer


class StateListView(generics.ListAPIView):
    """Every State and other ISO 3166-1 entry, with how many treaty facts are recorded."""

    serializer_class = StateSerializer
    permission_classes = [permissions.AllowAny]
    queryset = State.objects.none()  # see get_queryset

    def get_queryset(self):
        return states_with_coverage()


class StateDetailView(generics.GenericAPIView):
    """A State's participation in each instrument and its declarations, each fact with its
    source and as_of; facts not recorded are listed as unknown."""

    serializer_class = StateDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get(self, request: Request, alpha2: str) -> Response:
        state = State.objects.filter(alpha2=alpha2.upper()).first()
        if state is None:
            raise UnknownCode(alpha2)
        return Response(StateDetailSerializer(state, context={
            "request": request, "groups": state_facts(state)}).data)


urlpatterns = [
    path("states/", StateListView.as_view(), name="api-states"),
    path("states/<str:alpha2>/", StateDetailView.as_view(), name="api-state"),
]
