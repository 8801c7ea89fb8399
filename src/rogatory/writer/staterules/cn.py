"""China (demo rule).

The International Criminal Judicial Assistance Law of the People's Republic of China (2018)
asks that a request and its annexes be accompanied by a Chinese translation unless otherwise
agreed. A request written in another language without a Chinese translation annexed is
flagged.
"""

from rogatory.writer.rules import WARNING, Context, Issue, state_rule
from rogatory.writer.schema import base_language, gettext_noop

MESSAGE = gettext_noop(
    "China asks for a Chinese translation of the request and its annexes (International "
    "Criminal Judicial Assistance Law, 2018): write the request in Chinese or annex a "
    "translation.")


@state_rule("CN")
def chinese_translation(spec: dict, ctx: Context) -> list[Issue]:
    language = base_language(spec.get("language") or "en")
    annexed = any(row.get("kind") == "translation" for row in spec.get("annexes") or [])
    if language == "zh" or annexed:
        return []
    return [Issue("state", "language", WARNING, MESSAGE, {}, "CN.translation")]
