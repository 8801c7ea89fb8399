from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WriterConfig(AppConfig):
    name = "rogatory.writer"
    label = "writer"
    verbose_name = _("Request writer")
    url_prefix = "requests/"
    nav_label = _("Request writer")
    nav_url = "writer:index"
    nav_permission = "writer.use"  # officers and practitioners; the others would get a 403
