from rogatory.states import services
from rogatory.states.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = ("Articles of instruments "
            "(instrument,number,title_en,title_fr,title_es,title_ru,title_ar,title_zh). The "
            "whole file is rejected, with line and reason, on any error.")
    importer = staticmethod(services.import_articles)
    what = "articles"
