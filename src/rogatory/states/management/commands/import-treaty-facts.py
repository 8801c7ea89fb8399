from rogatory.states import services
from rogatory.states.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = ("Treaty facts (state,instrument,fact,value,source,as_of); a later row replaces an "
            "earlier one, kept in the history. The whole file is rejected, with line and "
            "reason, on any error.")
    importer = staticmethod(services.import_treaty_facts)
    what = "fact rows"
