from rest_framework import serializers

from rogatory.library.models import Item, Provision


class ProvisionSerializer(serializers.ModelSerializer):
    anchor = serializers.CharField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Provision
        fields = ["id", "order", "number", "heading", "division", "text", "anchor", "url"]


class ItemSummarySerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_id", allow_null=True, read_only=True,
                                  help_text="ISO 3166-1 alpha-2; null for international items.")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Item
        fields = ["id", "kind", "title", "state", "language", "date", "restricted", "url"]


class ItemSerializer(ItemSummarySerializer):
    crime_types = serializers.ListField(child=serializers.CharField(), read_only=True)
    issues = serializers.ListField(child=serializers.CharField(), read_only=True)
    articles = serializers.ListField(child=serializers.CharField(), read_only=True,
                                     help_text="UNTOC article numbers.")
    provisions = ProvisionSerializer(many=True, read_only=True)
    cites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(ItemSummarySerializer.Meta):
        fields = [*ItemSummarySerializer.Meta.fields, "summary", "text", "category", "source",
                  "as_of", "court", "parties", "facts", "outcome", "keywords", "law_applied",
                  "authors", "symbol", "session", "agenda_items", "crime_types", "issues",
                  "articles", "cites", "provisions"]


class HitProvisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    heading = serializers.CharField()
    anchor = serializers.CharField()


class HitSerializer(serializers.Serializer):
    item = ItemSummarySerializer(source="passage.item")
    provision = HitProvisionSerializer(source="passage.provision", allow_null=True)
    score = serializers.FloatField()
    title_html = serializers.CharField(source="title",
                                       help_text="Escaped text; hits wrapped in <mark>.")
    snippet_html = serializers.CharField(source="snippet",
                                         help_text="Escaped text; hits wrapped in <mark>.")
    url = serializers.CharField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    options = FacetValueSerializer(many=True)


class AlsoSearchedSerializer(serializers.Serializer):
    language = serializers.CharField()
    term = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matching passages (at most the cap).")
    complete = serializers.BooleanField(
        help_text="False when more passages match than are ranked and counted (the cap).")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    backend = serializers.CharField()
    also = AlsoSearchedSerializer(many=True, help_text="The query's core terms as also searched "
                                  "in the other languages (their official wording).")
    results = HitSerializer(many=True)
    facets = FacetSerializer(many=True)
