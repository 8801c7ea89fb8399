"""Reads of the library, narrowed to what the user may see."""

from django.db.models import QuerySet

from rogatory.library.models import Item, Tag


def may_read_restricted(user) -> bool:
    return user.has_perm("library.read_restricted")


def visible_items(user) -> QuerySet[Item]:
    """Public items for everyone; restricted ones too for officials."""
    items = Item.objects.select_related("state")
    return items if may_read_restricted(user) else items.filter(restricted=False)


def may_see(user, item: Item) -> bool:
    """The one rule of visible_items for an item already loaded (e.g. cited as evidence)."""
    return not item.restricted or may_read_restricted(user)


def item_detail(user, pk: int) -> Item:
    """The item with its provisions and tags, or Item.DoesNotExist (also when restricted)."""
    return visible_items(user).prefetch_related("provisions", "tags").get(pk=pk)


def related_items(user, item: Item) -> dict[str, list[Item]]:
    """Items that cite this one, that it cites, and that implement the same UNTOC articles."""
    visible = visible_items(user).exclude(pk=item.pk)
    articles = item.articles
    same_article = []
    if articles:
        ids = Tag.objects.filter(kind=Tag.Kind.ARTICLE, value__in=articles).values("item_id")
        same_article = list(visible.filter(pk__in=ids).prefetch_related("tags")[:50])
    return {
        "cited_by": list(visible.filter(cites=item)[:50]),
        "cites": list(visible.filter(cited_by=item)[:50]),
        "same_article": same_article,
    }
