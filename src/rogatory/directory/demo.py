"""Demo authorities for a handful of real States. Every contact is FICTIONAL (example.org
addresses, made-up people) and every entry is labelled "demo"; nothing here is the real
designation of any State."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from rogatory.directory import services
from rogatory.directory.models import Authority, Basis, Channel, Function
from rogatory.directory.selectors import has_item

F, C, B = Function, Channel, Basis
SOURCE = "Rogatory demo data (fictional)"


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _contact(name: str, title: str, phones: list[str], email: str, fax: str = "") -> dict:
    return {"name": f"{name} (demo)", "title": title, "phones": phones, "email": email,
            "fax": fax}


def _entries() -> list[tuple[dict, dict]]:
    """(authority values, children) — part-1 central authorities of NL and FR come first:
    accounts/demo.py attaches the demo officers to them."""
    return [
        ({"state_id": "NL", "part": 1,
          "name": "Ministerie van Justitie en Veiligheid — Afdeling Internationale Rechtshulp "
                  "in Strafzaken (demo)",
          "name_en": "Ministry of Justice and Security — International Legal Assistance in "
                     "Criminal Matters (demo)",
          "functions": [F.MLA, F.EXTRADITION, F.TRANSFER_OF_SENTENCED_PERSONS,
                        F.ASSET_RECOVERY],
          "postal_address": "Postbus 20301\n2500 EH Den Haag (demo)",
          "email": "airs.demo@example.org", "phone": "+31703707911",
          "office_hours": "Mon–Fri 08:30–17:00", "time_zone": "Europe/Amsterdam",
          "languages": ["nl", "en", "fr", "de"], "certified_translation": False,
          "channels": [C.CENTRAL_AUTHORITY, C.DIPLOMATIC, C.EMAIL, C.SECURE_PLATFORM],
          "original_required": False,
          "urgent_procedure": "Send urgent requests through the INTERPOL NCB and an advance "
                              "copy by e-mail; the original follows through the central "
                              "authority (demo).",
          "urgent_channels": [C.INTERPOL, C.EMAIL],
          "dual_criminality": False, "use_limitation": True, "reciprocity": None,
          "court_order_for_coercive_measures": True,
          "requirements_notes": "Dual criminality is required only for coercive measures "
                                "(demo).",
          "source": SOURCE, "as_of": _days_ago(40), "last_verified": _days_ago(40)},
         {"contacts": [_contact("A. Jansen", "Head of unit", ["+31703707911"],
                                "a.jansen.demo@example.org", "+31703707900"),
                       _contact("B. de Vries", "Legal officer, 24/7 duty",
                                ["+31703707912", "+31612345678"], "b.devries.demo@example.org")],
          "designations": [{"basis": B.UNTOC_18_13, "source": SOURCE, "as_of": _days_ago(400)},
                           {"basis": B.UNCAC_46_13, "source": SOURCE, "as_of": _days_ago(400)},
                           {"basis": B.UNTOC_16, "source": SOURCE, "as_of": _days_ago(400)}],
          "links": [{"kind": "legislation", "title": "Wetboek van Strafvordering, Boek 5 (demo)",
                     "url": "https://wetten.overheid.nl/"}]}),
        ({"state_id": "NL", "part": 2,
          "name": "Nationale Politie — INTERPOL NCB Den Haag (demo)",
          "name_en": "National Police — INTERPOL National Central Bureau The Hague (demo)",
          "functions": [F.LAW_ENFORCEMENT, F.E_EVIDENCE], "time_zone": "Europe/Amsterdam",
          "office_hours": "24/7", "languages": ["nl", "en"],
          "channels": [C.INTERPOL, C.EMAIL], "urgent_channels": [C.INTERPOL],
          "source": SOURCE, "as_of": _days_ago(40), "last_verified": _days_ago(40)},
         {"contacts": [_contact("Duty officer", "INTERPOL NCB duty desk", ["+31793459911"],
                                "ncb.demo@example.org")],
          "designations": [{"basis": B.BUDAPEST_35, "source": SOURCE, "as_of": _days_ago(300)}]}),
        ({"state_id": "FR", "part": 1,
          "name": "Ministère de la Justice — Bureau de l'entraide pénale internationale (démo)",
          "name_en": "Ministry of Justice — International Criminal Assistance Office (demo)",
          "functions": [F.MLA, F.EXTRADITION, F.TRANSFER_OF_SENTENCED_PERSONS],
          "postal_address": "13 place Vendôme\n75042 Paris Cedex 01 (démo)",
          "email": "beppi.demo@example.org", "phone": "+33144776060",
          "office_hours": "lun.–ven. 09:00–18:00", "time_zone": "Europe/Paris",
          "languages": ["fr"], "certified_translation": True,
          "channels": [C.CENTRAL_AUTHORITY, C.DIPLOMATIC, C.EMAIL], "original_required": True,
          "urgent_procedure": "Advance copy by e-mail accepted; original by post (demo).",
          "urgent_channels": [C.EMAIL, C.INTERPOL],
          "dual_criminality": True, "use_limitation": True, "evidence_statement": False,
          "documentation": "Extradition: the arrest warrant or judgment, the text of the "
                           "provisions applied and of the limitation rules, the person's "
                           "description and photograph (demo).",
          "authentication": "Signed and sealed by the issuing judicial authority; no "
                            "legalisation (demo).",
          "source": SOURCE, "as_of": _days_ago(200), "last_verified": _days_ago(200)},
         {"contacts": [_contact("C. Martin", "Magistrate, head of office", ["+33144776061"],
                                "c.martin.demo@example.org", "+33144776099")],
          "designations": [{"basis": B.UNTOC_18_13, "source": SOURCE, "as_of": _days_ago(900)},
                           {"basis": B.VIENNA_7_8, "source": SOURCE, "as_of": _days_ago(900)}]}),
        ({"state_id": "FR", "part": 2,
          "name": "Office anti-cybercriminalité — point de contact 24/7 (démo)",
          "name_en": "Anti-Cybercrime Office — 24/7 contact point (demo)",
          "functions": [F.E_EVIDENCE], "office_hours": "24/7", "time_zone": "Europe/Paris",
          "languages": ["fr", "en"], "channels": [C.EMAIL, C.INTERPOL],
          "source": SOURCE, "as_of": _days_ago(500), "last_verified": _days_ago(500)},
         {"contacts": [_contact("Permanence 24/7", "Duty desk", ["+33147446000"],
                                "ofac247.demo@example.org")],
          "designations": [{"basis": B.BUDAPEST_35, "source": SOURCE, "as_of": _days_ago(900)}]}),
        ({"state_id": "CN", "part": 1,
          "name": "司法部 — 司法协助交流中心（演示）",
          "name_en": "Ministry of Justice — Judicial Assistance Exchange Centre (demo)",
          "functions": [F.MLA, F.TRANSFER_OF_SENTENCED_PERSONS],
          "postal_address": "北京市朝阳区（演示）", "time_zone": "Asia/Shanghai",
          "office_hours": "周一至周五 09:00–17:00", "languages": ["zh"],
          "certified_translation": None, "channels": [C.CENTRAL_AUTHORITY, C.DIPLOMATIC],
          "original_required": True, "source": SOURCE, "as_of": _days_ago(800),
          "last_verified": _days_ago(800)},
         {"contacts": [_contact("Wang Li", "Division director", ["+861065205000"],
                                "wang.li.demo@example.org")],
          "designations": [{"basis": B.UNTOC_18_13, "source": SOURCE, "as_of": _days_ago(2000)},
                           {"basis": B.UNCAC_46_13, "source": SOURCE, "as_of": _days_ago(2000)}]}),
        ({"state_id": "CN", "part": 1, "name": "外交部 — 条约法律司（演示）",
          "name_en": "Ministry of Foreign Affairs — Treaty and Law Department (demo)",
          "functions": [F.EXTRADITION], "time_zone": "Asia/Shanghai", "languages": ["zh"],
          "channels": [C.DIPLOMATIC], "original_required": True, "source": SOURCE,
          "as_of": _days_ago(800)},
         {"designations": [{"basis": B.UNTOC_16, "source": SOURCE, "as_of": _days_ago(2000)}]}),
        ({"state_id": "MX", "part": 1,
          "name": "Fiscalía General de la República — Dirección General de Asuntos Policiales "
                  "Internacionales y Procedimientos Internacionales (demo)",
          "name_en": "Attorney General's Office — International Affairs (demo)",
          "functions": [F.MLA, F.EXTRADITION, F.ASSET_RECOVERY],
          "postal_address": "Av. Paseo de la Reforma, Ciudad de México (demo)",
          "email": "fgr.demo@example.org", "phone": "+525553460000",
          "time_zone": "America/Mexico_City", "office_hours": "lun.–vie. 09:00–18:00",
          "languages": ["es", "en"], "certified_translation": True,
          "channels": [C.CENTRAL_AUTHORITY, C.DIPLOMATIC], "original_required": True,
          "dual_criminality": True, "source": SOURCE, "as_of": _days_ago(100),
          "last_verified": _days_ago(100)},
         {"contacts": [_contact("M. Hernández", "Director general", ["+525553460001"],
                                "m.hernandez.demo@example.org")],
          "designations": [{"basis": B.UNTOC_18_13, "source": SOURCE, "as_of": _days_ago(1500)},
                           {"basis": B.VIENNA_7_8, "source": SOURCE, "as_of": _days_ago(1500)},
                           {"basis": B.SOM_8_6, "source": SOURCE, "as_of": _days_ago(1500)}]}),
        ({"state_id": "ZA", "part": 1,
          "name": "Department of Justice and Constitutional Development — International "
                  "Legal Relations (demo)",
          "name_en": "Department of Justice and Constitutional Development — International "
                     "Legal Relations (demo)",
          "functions": [F.MLA, F.EXTRADITION], "time_zone": "Africa/Johannesburg",
          "languages": ["en"], "channels": [C.DIPLOMATIC, C.CENTRAL_AUTHORITY],
          "evidence_statement": True,
          "documentation": "Extradition: the warrant, a summary of the facts and of the "
                           "evidence (record of the case), the provisions and penalty (demo).",
          "authentication": "Certified by a judge or prosecutor and sealed by the Ministry of "
                            "Justice of the requesting State (demo).",
          "source": SOURCE, "as_of": _days_ago(30), "last_verified": _days_ago(30)},
         {"contacts": [_contact("T. Nkosi", "Chief state law adviser", ["+27123151111"],
                                "t.nkosi.demo@example.org")],
          "designations": [{"basis": B.UNTOC_18_13, "source": SOURCE, "as_of": _days_ago(700)}]}),
        ({"state_id": "ZA", "part": 2, "name": "Financial Intelligence Centre (demo)",
          "name_en": "Financial Intelligence Centre (demo)",
          "functions": [F.FINANCIAL_INTELLIGENCE, F.ASSET_RECOVERY],
          "time_zone": "Africa/Johannesburg", "languages": ["en"], "channels": [C.EMAIL],
          "source": SOURCE, "as_of": _days_ago(30)},
         {}),
    ]


@transaction.atomic
def load(out: Callable[[str], None]) -> None:
    created = 0
    for values, children in _entries():
        if Authority.objects.filter(state=values["state_id"], name=values["name"]).exists():
            continue
        services.create_authority(None, values, children)  # loaded by the system: approved
        created += 1
    _link_urgent("NL", "Ministerie van Justitie en Veiligheid", "Nationale Politie")
    out(f"  demo authorities: {Authority.objects.count()} ({created} new; fictional contacts)")


def _link_urgent(state: str, central_name: str, ncb_name: str) -> None:
    """Urgent requests to the demo NL central authority go to its INTERPOL NCB."""
    central = Authority.objects.filter(state=state, part=1, name__startswith=central_name).first()
    ncb = Authority.objects.filter(has_item("functions", Function.LAW_ENFORCEMENT), state=state,
                                   part=2, name__startswith=ncb_name).first()
    if central and ncb and not central.urgent_authority_id:
        Authority.objects.filter(pk=central.pk).update(urgent_authority=ncb)
