from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "rogatory.assets"
    label = "assets"
    verbose_name = _("Asset recovery and sharing")
    nav_label = _("Asset recovery")
    nav_url = "assets:index"
