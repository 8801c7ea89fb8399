"""Fictional demo items in the six languages, written for Rogatory and labelled "Demo", so
that the library search can be tried after `make run`. (The real Chinese corpus is imported
on request: `rogatory library import-jsonl ../shared/data/corpus/cn-laws.jsonl.gz`.)"""

import datetime
from collections.abc import Callable

from django.db import transaction

from rogatory.library.models import Item
from rogatory.library.parsing import ItemData, ProvisionData, content_hash
from rogatory.library.services import save_item

P = ProvisionData
DEMO_ITEMS = [
    dict(external_id="demo:en-extradition", kind="legislation", language="en", state="NL",
         title="Demo Extradition and Mutual Assistance Act (fictional)",
         date=datetime.date(2019, 3, 1),
         tags={"crime_types": ["participation_in_ocg"], "issues": ["extradition",
               "mutual_legal_assistance"], "articles": ["16", "18"]},
         provisions=[
             P("Section 1", "Extradition offences", "Extradition may be granted for an offence "
               "punishable under the laws of both States by deprivation of liberty for at "
               "least one year.", "Part 1 · Extradition"),
             P("Section 2", "Refusal", "Extradition shall be refused where the request was "
               "made for the purpose of prosecuting a person on account of sex, race, religion, "
               "nationality, ethnic origin or political opinions.", "Part 1 · Extradition"),
             P("Section 3", "Mutual legal assistance", "The central authority shall receive "
               "requests for mutual legal assistance and execute them promptly, including "
               "requests to freeze proceeds of crime.", "Part 2 · Assistance"),
         ]),
    dict(external_id="demo:fr-blanchiment", kind="legislation", language="fr", state="FR",
         title="Loi de démonstration relative au blanchiment des capitaux (fictive)",
         date=datetime.date(2021, 6, 15),
         tags={"crime_types": ["money_laundering"], "issues": ["confiscation"],
               "articles": ["6", "12"]},
         provisions=[
             P("Article 1", "Infraction de blanchiment", "Constitue un blanchiment le fait de "
               "faciliter la justification mensongère de l'origine des biens ou des revenus de "
               "l'auteur d'un crime."),
             P("Article 2", "Confiscation", "Les biens blanchis et le produit du crime sont "
               "confisqués, y compris lorsqu'ils sont détenus par un tiers de mauvaise foi."),
         ]),
    dict(external_id="demo:es-extradicion", kind="legislation", language="es", state="ES",
         title="Ley de demostración sobre extradición pasiva (ficticia)",
         date=datetime.date(2018, 11, 20),
         tags={"issues": ["extradition"], "articles": ["16"]},
         provisions=[
             P("Artículo 1", "Objeto", "La presente ley regula la extradición de personas "
               "reclamadas por otros Estados para su enjuiciamiento o para el cumplimiento "
               "de una pena."),
             P("Artículo 2", "Extradiciones denegadas", "No se concederán extradiciones por "
               "delitos de carácter político."),
         ]),
    dict(external_id="demo:ru-extradition", kind="legislation", language="ru", state="RU",
         title="Демонстрационный закон о выдаче (экстрадиции) (вымышленный)",
         date=datetime.date(2017, 4, 10),
         tags={"issues": ["extradition"], "articles": ["16"]},
         provisions=[
             P("Статья 1", "Основания экстрадиции", "Экстрадиция лица допускается на основании "
               "международного договора или на началах взаимности."),
             P("Статья 2", "Отказ в экстрадиции", "В экстрадиции может быть отказано, если "
               "деяние не является преступлением по закону запрашиваемого государства."),
         ]),
    dict(external_id="demo:ar-extradition", kind="legislation", language="ar", state="EG",
         title="قانون تجريبي بشأن تسليم المجرمين والمساعدة القانونية (وهمي)",
         date=datetime.date(2020, 1, 5),
         tags={"issues": ["extradition", "mutual_legal_assistance"], "articles": ["16", "18"]},
         provisions=[
             P("المادة 1", "", "يجوز تَسْلِيمُ الأشخاص المطلوبين إلى دولة أجنبية وفقاً لأحكام "
               "الاتفاقيات الدولية أو بشرط المعاملة بالمثل."),
             P("المادة 2", "", "تختص السلطة المركزية بتلقي طلبات المساعدة القانونية المتبادلة "
               "في المسائل الجنائية."),
         ]),
    dict(external_id="demo:zh-extradition", kind="legislation", language="zh", state="CN",
         title="示例引渡与刑事司法协助法（演示，虚构）",
         date=datetime.date(2022, 9, 1),
         tags={"issues": ["extradition", "mutual_legal_assistance"], "articles": ["16", "18"]},
         provisions=[
             P("第一条", "", "为了规范引渡合作和国际刑事司法协助，制定本法。", "第一章 总则"),
             P("第二条", "", "外国提出的引渡请求，通过外交途径联系。", "第一章 总则"),
             P("第三条", "", "对洗钱犯罪的违法所得，可以依照本法请求查封、扣押、冻结。",
               "第二章 资产"),
         ]),
    dict(external_id="demo:case-nl", kind="case_law", language="en", state="NL",
         title="Demo v. Demo (fictional extradition appeal)", date=datetime.date(2023, 2, 14),
         tags={"crime_types": ["trafficking_in_persons"], "issues": ["extradition"],
               "articles": ["16"]},
         fields={"court": "Demo Court of Appeal", "parties": "Public Prosecutor v. A. Demo",
                 "facts": "The requested person challenged extradition for trafficking in "
                          "persons, arguing that the offence was not punishable in the "
                          "requested State.",
                 "outcome": "Appeal dismissed; dual criminality was satisfied.",
                 "keywords": "dual criminality, extradition",
                 "law_applied": "Demo Extradition and Mutual Assistance Act, section 1"},
         cites=["demo:en-extradition"]),
    dict(external_id="demo:wg-report", kind="wg_document", language="en", state=None,
         title="Demo report of the Working Group on International Cooperation (fictional)",
         date=datetime.date(2024, 6, 1),
         tags={"issues": ["international_cooperation", "electronic_evidence"],
               "articles": ["18"]},
         fields={"symbol": "DEMO/WG.3/2024/1", "session": "Demo session 15",
                 "agenda_items": "Opening of the session\nElectronic evidence\n"
                                 "Adoption of the report",
                 "summary": "The Working Group discussed the preservation of electronic "
                            "evidence and the use of the Convention as a legal basis."}),
    dict(external_id="demo:restricted-note", kind="strategy", language="en", state="NL",
         title="Demo internal guide on urgent requests (restricted, fictional)",
         date=datetime.date(2024, 1, 10), restricted=True,
         tags={"issues": ["mutual_legal_assistance"], "articles": ["18"]},
         fields={"summary": "How officials prepare urgent requests for mutual legal "
                            "assistance; for officials only."}),
]


def _data(spec: dict) -> ItemData:
    fields = {"source": "Rogatory demo data (fictional)", **spec.get("fields", {})}
    return ItemData(
        external_id=spec["external_id"], title=f"[Demo] {spec['title']}", kind=spec["kind"],
        language=spec["language"], state=spec["state"], date=spec["date"],
        restricted=spec.get("restricted", False), fields=fields,
        tags={"crime_types": [], "issues": [], "articles": [], **spec["tags"]},
        provisions=spec.get("provisions", []), content_hash=content_hash(spec))


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    created = 0
    for spec in DEMO_ITEMS:
        data = _data(spec)
        existing = Item.objects.filter(external_id=data.external_id).first()
        if existing is None or existing.content_hash != data.content_hash:
            save_item(data, existing)
            created += existing is None
    for spec in DEMO_ITEMS:
        item = Item.objects.get(external_id=spec["external_id"])
        item.cites.set(Item.objects.filter(external_id__in=spec.get("cites", [])))
    out(f"  library: {len(DEMO_ITEMS)} demo items ({created} new)")
