from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "rogatory.assessment"
    label = "assessment"
    verbose_name = _("Needs assessment")
    nav_label = _("Needs assessment")
    nav_url = "assessment:index"
