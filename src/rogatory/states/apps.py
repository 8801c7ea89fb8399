from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatesConfig(AppConfig):
    name = "rogatory.states"
    label = "states"
    verbose_name = _("States")
    nav_label = _("Treaty status")
    nav_url = "states:index"
