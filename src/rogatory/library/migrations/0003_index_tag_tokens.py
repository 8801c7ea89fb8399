"""Give the item passages already indexed the token of each crime type and issue of their
item (search/indexing.py `tag_token`), so a search for a tag's label finds them without a
`rogatory library reindex`. The update triggers keep FTS5 and the tsvector in step."""

import re

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat

LABELLED = ("crime_type", "issue")


def token(kind: str, value: str) -> str:
    # As indexing.tag_token writes it (kept here: a migration must not change with the code).
    return "tag" + re.sub(r"[^a-z]", "", f"{kind}{value}".lower())


def add_tokens(apps, schema_editor) -> None:
    passages = apps.get_model("library", "Passage").objects
    for item_id, kind, value in apps.get_model("library", "Tag").objects.filter(
            kind__in=LABELLED).values_list("item_id", "kind", "value").iterator():
        word = token(kind, value)
        (passages.filter(item_id=item_id, provision_id=None)
         .exclude(body_tokens__regex=rf"(^| ){word}( |$)")
         .update(body_tokens=Concat(F("body_tokens"), Value(" " + word))))


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]
    operations = [migrations.RunPython(add_tokens, migrations.RunPython.noop)]
