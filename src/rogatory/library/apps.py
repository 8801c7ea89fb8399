from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "rogatory.library"
    label = "library"
    verbose_name = _("Knowledge library")
    nav_label = _("Library")
    nav_url = "library:index"

    def ready(self) -> None:
        from django.conf import settings

        from rogatory.library.search import analysis

        # jieba keeps its dictionary cache in the project's data directory.
        analysis.configure(settings.DATA_DIR)
