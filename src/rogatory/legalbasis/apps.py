from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalbasisConfig(AppConfig):
    name = "rogatory.legalbasis"
    label = "legalbasis"
    verbose_name = _("Legal-basis finder")
    nav_label = _("Legal basis")
    nav_url = "legalbasis:index"
    url_prefix = "legal-basis/"
