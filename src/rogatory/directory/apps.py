from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "rogatory.directory"
    label = "directory"
    verbose_name = _("Directory of competent national authorities")
    nav_label = _("Directory")
    nav_url = "directory:index"
