"""Per-State checks: one module per State, named by its ISO alpha-2 code (`nl.py`, `cn.py`).

Each module registers its checks with `@state_rule("XX")` from `rogatory.writer.rules`; they
run only for requests to that State. What a State requires as plain data (languages, channel,
certified translation, dual criminality, original signature) comes from the directory; a
module here is for what data cannot say.

The modules shipped are DEMONSTRATIONS of the mechanism, built on published declarations and
laws but not verified by the States concerned: check the directory and the State's own
guidance before relying on them.
"""
