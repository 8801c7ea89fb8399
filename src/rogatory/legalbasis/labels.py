"""Reader-facing names of the engine's codes."""

from django.utils.translation import gettext_lazy as _

COOPERATION_TYPE_LABELS = {
    "mla": _("Mutual legal assistance"),
    "extradition": _("Extradition"),
    "confiscation": _("Confiscation"),
    "transfer_of_proceedings": _("Transfer of criminal proceedings"),
    "transfer_of_sentenced_persons": _("Transfer of sentenced persons"),
    "joint_investigation": _("Joint investigation"),
    "law_enforcement": _("Law enforcement cooperation"),
}
OFFENCE_LABELS = {
    "participation_in_ocg": _("Participation in an organized criminal group"),
    "money_laundering": _("Laundering of proceeds of crime"),
    "corruption": _("Corruption"),
    "obstruction_of_justice": _("Obstruction of justice"),
    "trafficking_in_persons": _("Trafficking in persons"),
    "smuggling_of_migrants": _("Smuggling of migrants"),
    "firearms_trafficking": _("Trafficking in firearms"),
    "drug_trafficking": _("Drug trafficking"),
    "cybercrime": _("Cybercrime"),
    "other_serious_crime": _("Other serious crime"),
    "bribery": _("Bribery"),
    "other_corruption": _("Other corruption offences (embezzlement, trading in influence, "
                          "illicit enrichment)"),
}
VERDICT_LABELS = {
    "available": _("available"),
    "conditional": _("conditional"),
    "unavailable": _("unavailable"),
    "unknown": _("unknown"),
}
NON_TREATY_LABELS = {
    "reciprocity": _("Reciprocity"),
    "domestic_law": _("Domestic law of the requested State"),
}
SOURCE_KIND_LABELS = {
    "depositary": _("official source: the depositary"),
    "official_national": _("official national source"),
    "intergovernmental": _("official source: an intergovernmental organisation"),
    "secondary": _("secondary source"),
    "": _("source of unstated kind"),
}
INSTRUMENT_DATE_LABELS = {
    "adopted": _("adopted"),
    "in_force": _("entry into force of the instrument"),
}
# Words inside recorded values ("ratification 2004-05-26", "yes"), shown translated.
VALUE_LABELS = {
    "yes": _("yes"),
    "no": _("no"),
    "ratification": _("ratification"),
    "accession": _("accession"),
    "acceptance": _("acceptance"),
    "approval": _("approval"),
    "succession": _("succession"),
    "formal_confirmation": _("formal confirmation"),
    "unspecified": _("consent (kind not stated)"),
}
# How the page cites an instrument in "… art. 16(1)": the usual short names, translated.
CITATION_NAMES = {
    "UNTOC": _("UNTOC"),
    "UNCAC": _("UNCAC"),
    "VIENNA-1988": _("1988 Convention"),
    "BUDAPEST": _("Budapest Convention"),
    "BUDAPEST-P2": _("Second Additional Protocol to the Budapest Convention"),
    "UNTOC-TIP": _("Trafficking in Persons Protocol"),
    "UNTOC-SOM": _("Smuggling of Migrants Protocol"),
    "UNTOC-FIR": _("Firearms Protocol"),
    "EU-EAW": _("Framework Decision 2002/584/JHA"),
    "EU-EIO": _("Directive 2014/41/EU"),
}
