from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rogatory.library import akn
from rogatory.library.facets import labelled
from rogatory.library.models import Item
from rogatory.library.search.service import SearchRequest, clean_filters, search
from rogatory.library.selectors import item_detail, may_read_restricted, visible_items
from rogatory.library.serializers import ItemSerializer, SearchResultSerializer

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description='Words (all required); "a phrase" in quotes.'),
    OpenApiParameter("country", str, description="ISO alpha-2 State, or `intl`."),
    OpenApiParameter("type", str, description="legislation, case_law, treaty, bibliography, "
                                              "strategy or wg_document."),
    OpenApiParameter("language", str, description="ar, zh, en, fr, ru or es."),
    OpenApiParameter("crime_type", str),
    OpenApiParameter("issue", str, description="Cross-cutting issue."),
    OpenApiParameter("article", str, description="UNTOC article number."),
    OpenApiParameter("year", int),
    OpenApiParameter("expand", bool, description="Also search the core terms of the query "
                     "(extradition, money-laundering, …) in their official wording in the "
                     "other languages (default true); the terms added are listed in `also`."),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 100."),
]


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    page = serializers.IntegerField(required=False, min_value=1, max_value=500, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)
    expand = serializers.BooleanField(required=False, default=True)


class SearchView(APIView):
    """Search the library: public items for everyone, restricted ones for officials."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=FILTER_PARAMETERS, responses=SearchResultSerializer)
    def get(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = clean_filters(request.query_params)
        result = search(SearchRequest(
            q=params.validated_data["q"], filters=filters, page=params.validated_data["page"],
            page_size=params.validated_data["page_size"], expand=params.validated_data["expand"],
            include_restricted=may_read_restricted(request.user)))
        data = {"count": result.total, "complete": result.complete, "page": result.request.page,
                "pages": result.pages, "backend": result.backend, "results": result.hits,
                "also": [{"language": language, "term": term} for language, term in result.also],
                "facets": labelled(result.facets, filters)}
        return Response(SearchResultSerializer(data).data)


class ItemView(generics.RetrieveAPIView):
    """One item with its provisions. Restricted items answer 404 to all but officials."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ItemSerializer
    queryset = Item.objects.none()  # narrowed to what the caller may see in get_queryset

    def get_queryset(self):
        return visible_items(self.request.user).prefetch_related("provisions", "tags", "cites")


class ItemAknView(APIView):
    """The item as an Akoma Ntoso 3.0 XML document."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={(200, "application/akn+xml"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request, pk: int) -> HttpResponse:
        try:
            obj = item_detail(request.user, pk)
        except Item.DoesNotExist as error:
            raise Http404 from error
        return HttpResponse(akn.export(obj), content_type="application/akn+xml; charset=utf-8")


urlpatterns = [
    path("library/search/", SearchView.as_view(), name="api-library-search"),
    path("library/items/<int:pk>/", ItemView.as_view(), name="api-library-item"),
    path("library/items/<int:pk>/akn/", ItemAknView.as_view(), name="api-library-item-akn"),
]
