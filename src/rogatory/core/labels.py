"""Labels for codes, so that no page shows a raw code ("UNTOC", "central_authority").

Instrument titles are the official titles of the instruments, translated in the catalogues
in the wording of their authentic texts (the UN instruments in all six languages; the
Budapest Convention in English and French, its authentic languages, and in the UN
translations elsewhere). An instrument without a known title is named as recorded.
"""

from django.utils.translation import gettext_lazy as _

INSTRUMENT_TITLES = {
    "UNTOC": _("United Nations Convention against Transnational Organized Crime"),
    "UNTOC-TIP": _("Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
                   "Especially Women and Children, supplementing the United Nations "
                   "Convention against Transnational Organized Crime"),
    "UNTOC-SOM": _("Protocol against the Smuggling of Migrants by Land, Sea and Air, "
                   "supplementing the United Nations Convention against Transnational "
                   "Organized Crime"),
    "UNTOC-FIR": _("Protocol against the Illicit Manufacturing of and Trafficking in "
                   "Firearms, Their Parts and Components and Ammunition, supplementing the "
                   "United Nations Convention against Transnational Organized Crime"),
    "UNCAC": _("United Nations Convention against Corruption"),
    "VIENNA-1988": _("United Nations Convention against Illicit Traffic in Narcotic Drugs "
                     "and Psychotropic Substances"),
    "BUDAPEST": _("Convention on Cybercrime"),
    # Not instruments, but recorded where an instrument code goes (directory, cases).
    "domestic_law": _("Domestic law"),
    "reciprocity": _("Reciprocity"),
}


def instrument_label(code: str) -> str:
    """The instrument's title in the reader's language; its recorded name, or the code as a
    last resort, for an instrument whose title is not in the catalogues."""
    if not code:
        return ""
    if code in INSTRUMENT_TITLES:
        return str(INSTRUMENT_TITLES[code])
    from rogatory.states.models import Instrument

    return Instrument.objects.filter(code=code).values_list("name", flat=True).first() or code
