"""The Netherlands (demo rule).

On the European Convention on Mutual Assistance in Criminal Matters (ETS 030), the Netherlands
declared under art. 5(1) that letters rogatory for search or seizure are executed only if the
offence is punishable under both laws and is extraditable. A request for search, seizure or
freezing must therefore show dual criminality, whatever the directory records.
"""

from rogatory.writer.rules import ERROR, Context, Issue, items, state_rule
from rogatory.writer.schema import gettext_noop, present

SEARCH_OR_SEIZURE = ("search_seizure", "freezing", "confiscation")
MESSAGE = gettext_noop(
    "The Netherlands executes search and seizure only for offences punishable under both laws "
    "and extraditable (declaration on art. 5 of the European Convention on Mutual Assistance): "
    "explain why the conduct is an offence in both States.")


@state_rule("NL")
def search_needs_dual_criminality(spec: dict, ctx: Context) -> list[Issue]:
    seizing = any(item.get("type") in SEARCH_OR_SEIZURE for item in items(spec))
    explained = present((spec.get("case") or {}).get("dual_criminality"))
    if spec.get("kind") != "mla" or not seizing or explained:
        return []
    return [Issue("case", "case.dual_criminality", ERROR, MESSAGE, {}, "NL.dual_criminality")]
