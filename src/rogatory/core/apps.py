from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rogatory.core"
    label = "core"
    url_prefix = ""

    def ready(self) -> None:
        from rogatory import permissions

        permissions.load()
