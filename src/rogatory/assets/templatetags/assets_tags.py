from decimal import Decimal

from django import template

from rogatory.assets import texts

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """An amount written to its currency's minor unit, with its ISO 4217 code."""
    return texts.money(amount, currency)
