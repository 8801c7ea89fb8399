"""`/api/v1/assessments/`: a State's own assessments (the secretariat: all; the public: the
published ones), each with its answers and gap report; answers are saved one by one with
optimistic concurrency (If-Match: the answer's version, "0" for a first answer)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rogatory.assessment import report, selectors, services
from rogatory.assessment.models import Assessment, Question
from rogatory.assessment.serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    SubmitSerializer,
)
from rogatory.core.rest import etag, expected_version

IF_MATCH = OpenApiParameter("If-Match", str, location=OpenApiParameter.HEADER, required=False,
                            description='The version you saw, e.g. "3" (or a `version` field).')


class VisibleAssessmentsMixin:
    def get_queryset(self):
        return selectors.visible_assessments(self.request.user).order_by("state_id", "-created")


class AssessmentList(VisibleAssessmentsMixin, generics.ListAPIView):
    """The assessments the caller may read: its State's (focal points; invited officials
    those they are invited to), all (secretariat), the published ones (everyone)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()  # narrowed to the caller's scope in get_queryset


class AssessmentDetail(VisibleAssessmentsMixin, generics.RetrieveAPIView):
    """One assessment with its answers and gap report; 404 outside the caller's scope."""

    permission_classes = [permissions.AllowAny]
    serializer_class = AssessmentDetailSerializer
    queryset = Assessment.objects.none()  # narrowed to the caller's scope in get_queryset

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        assessment = self.get_object()
        data = self.get_serializer(assessment).data
        response = Response(data)
        response["ETag"] = etag(assessment.version)
        return response


def _editable(request: Request, pk: int, perm: str) -> Assessment:
    assessment = get_object_or_404(selectors.visible_assessments(request.user), pk=pk)
    if not request.user.has_perm(perm, assessment):
        raise PermissionDenied
    return assessment


class AnswerView(APIView):
    """Save the answer to one question (by its code) of a draft assessment."""

    @extend_schema(parameters=[IF_MATCH], request=AnswerInputSerializer,
                   responses={200: AnswerSerializer, 204: None})
    def patch(self, request: Request, pk: int, code: str) -> Response:
        assessment = _editable(request, pk, "assessment.edit")
        question = get_object_or_404(Question.objects.select_related("chapter"),
                                     chapter__version=assessment.questionnaire_version,
                                     code=code)
        version = expected_version(request)
        payload = AnswerInputSerializer(data=request.data,
                                        context={"assessment_id": assessment.pk})
        payload.is_valid(raise_exception=True)
        change = payload.change(question, version)
        with transaction.atomic():
            services.save_answers(assessment, request.user, [change])
        answer = assessment.answers.prefetch_related("evidence").filter(question=question).first()
        if answer is None:  # an empty answer to a question never answered: nothing to save
            return Response(status=204)
        response = Response(AnswerSerializer(answer, context={"request": request}).data)
        response["ETag"] = etag(answer.version)
        return response


class SubmitView(APIView):
    """Submit (lock) a draft assessment: If-Match is the assessment's version."""

    @extend_schema(parameters=[IF_MATCH], request=SubmitSerializer,
                   responses={200: AssessmentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        assessment = _editable(request, pk, "assessment.submit")
        assessment = services.submit(assessment, request.user, expected_version(request))
        return Response(AssessmentSerializer(assessment).data)


class ReportView(APIView):
    """The gap report alone (also part of the assessment's detail)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        assessment = get_object_or_404(selectors.visible_assessments(request.user), pk=pk)
        return Response(report.as_data(report.build_report(request.user, assessment)))


urlpatterns = [
    path("assessments/", AssessmentList.as_view(), name="api-assessments"),
    path("assessments/<int:pk>/", AssessmentDetail.as_view(), name="api-assessment"),
    path("assessments/<int:pk>/report/", ReportView.as_view(), name="api-assessment-report"),
    path("assessments/<int:pk>/answers/<str:code>/", AnswerView.as_view(),
         name="api-assessment-answer"),
    path("assessments/<int:pk>/submit/", SubmitView.as_view(), name="api-assessment-submit"),
]
