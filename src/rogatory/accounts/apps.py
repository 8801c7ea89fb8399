from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rogatory.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    url_prefix = "users/"

    def ready(self) -> None:
        from rogatory.accounts import signals  # noqa: F401  (connects the auth-event log)
