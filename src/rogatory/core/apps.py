from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rogatory.core"
    label = "core"
    url_prefix = ""

    def ready(self) -> None:
        from rogatory import permissions
        from rogatory.core import collation  # noqa: F401 - registers its system check

        permissions.load()
