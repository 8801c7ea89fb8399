"""Treaty status is public: anyone reads States, instruments and treaty facts. Only the
secretariat curates them (admin and importers), and only it reads who changed what."""

import rules

from rogatory.permissions.predicates import is_secretariat

rules.add_perm("states.view_status", rules.always_allow)
rules.add_perm("states.view_fact_history", is_secretariat)
rules.add_perm("states", is_secretariat)  # the admin's module permission
CURATED = ("instrument", "treatyfact", "article", "statefact", "organisation", "membership")
for model in ("state", *CURATED):
    for action in ("view", "change"):
        rules.add_perm(f"states.{action}_{model}", is_secretariat)
for model in CURATED:
    for action in ("add", "delete"):
        rules.add_perm(f"states.{action}_{model}", is_secretariat)
