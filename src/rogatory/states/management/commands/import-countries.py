from rogatory.states import services
from rogatory.states.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = ("UN formal names (UNTERM) of States from a CSV shaped like country-codes.csv. The "
            "whole file is rejected, with line and reason, on any error.")
    importer = staticmethod(services.import_countries)
    what = "States"
