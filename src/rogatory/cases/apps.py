from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "rogatory.cases"
    label = "cases"
    verbose_name = _("Case register")
    nav_label = _("Case register")
    nav_url = "cases:index"
