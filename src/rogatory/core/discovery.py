"""Find each local app's optional modules (urls, api, demo, reference, dashboard).

Apps plug themselves in by providing a module; nothing central lists them but
settings.LOCAL_APPS, so apps can grow independently.
"""

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import AppConfig, apps
from django.conf import settings


def local_app_configs() -> list[AppConfig]:
    labels = {app: app.rsplit(".", 1)[-1] for app in settings.LOCAL_APPS}
    return [apps.get_app_config(labels[name]) for name in settings.LOCAL_APPS]


def app_modules(submodule: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Yield (app config, module) for every local app that has `submodule`, in app order."""
    for config in local_app_configs():
        name = f"{config.name}.{submodule}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        yield config, module
