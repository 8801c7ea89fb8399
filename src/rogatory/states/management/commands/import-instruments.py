from rogatory.states import services
from rogatory.states.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = ("Instruments (code,name,kind,scope,offences,parties,adopted,in_force,source). The "
            "whole file is rejected, with line and reason, on any error.")
    importer = staticmethod(services.import_instruments)
    what = "instruments"
