from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "rogatory.exchange"
    label = "exchange"
    verbose_name = _("Exchange between authorities")
    nav_label = _("Received through Rogatory")
    nav_url = "exchange:inbox"
    nav_permission = "exchange.view_inbox"  # officers with an authority; others get a 403

    def ready(self) -> None:
        from rogatory.exchange import signals  # noqa: F401  # status messages on transitions
