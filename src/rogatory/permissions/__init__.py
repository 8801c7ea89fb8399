"""Every permission rule of Rogatory, in one place: `predicates` holds who a user is,
and one module per domain says what each kind of user may do. Pages and the API both ask
`user.has_perm("<app>.<action>", obj)`, so they can never disagree.

Each module registers its rules with `rules.add_perm` when imported; `load()` imports them all.
"""

import importlib
import pkgutil


def load() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
