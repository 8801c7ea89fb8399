"""A fictional demo asset on the NL demo authority's confiscation case, taken from
identification to an agreed sharing arrangement with one transfer made. Idempotent."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from rogatory.accounts.models import Role, User
from rogatory.assets import services
from rogatory.assets.models import Asset, Claim, Share, SharingArrangement
from rogatory.cases.models import Case
from rogatory.directory.models import Authority
from rogatory.states.models import State

MARK = "(demo)"
DESCRIPTION = f"Balance of a fictional bank account, Zurich {MARK}"


def _case_and_officer() -> tuple[Case | None, User | None]:
    authority = (Authority.objects.filter(state_id="NL", part=Authority.Part.CENTRAL)
                 .order_by("pk").first())
    if authority is None:
        return None, None
    officer = (User.objects.filter(authority=authority, role=Role.OFFICER, is_active=True)
               .order_by("pk").first())
    case = (Case.objects.filter(authority=authority, kind="confiscation",
                                title__endswith=MARK).order_by("pk").first())
    return case, officer


def load(out: Callable[[str], None]) -> None:
    case, officer = _case_and_officer()
    if case is None or officer is None:
        out("  demo assets: no demo confiscation case of the NL demo authority (load the "
            "demo cases first); skipped")
        return
    if Asset.objects.filter(description=DESCRIPTION).exists():
        return
    today = timezone.localdate()

    def day(ago: int) -> datetime.date:
        return today - datetime.timedelta(days=ago)

    asset = services.create_asset(
        officer, [case], description=DESCRIPTION, type="bank_account",
        location_state=State.objects.get(pk=case.counterpart_state_id),
        holder="Fictional Private Bank Ltd (demo)", identifiers="CH00 0000 0000 0000 0000 0 "
        "(fictional)", estimated_value=Decimal("1250000.00"), estimate_currency="CHF",
        estimated_on=day(140), identified_on=day(140))
    steps = [
        services.StageChange("traced", day(135), reference="Financial intelligence report "
                             "(demo)", case=case),
        services.StageChange("frozen", day(130), reference=f"{case.reference} · freezing "
                             "order (demo)", case=case),
        services.StageChange("confiscation_ordered", day(60), reference="District Court "
                             "judgment (demo)", case=case, ordered_by="requesting"),
        services.StageChange("order_executed", day(40), reference="Exequatur (demo)",
                             case=case),
        services.StageChange("realised", day(20), amount=Decimal("1187340.55"),
                             currency="CHF"),
    ]
    for change in steps:
        asset = services.transition(asset, officer, change)
    services.add_claim(asset, officer, claimant="Fictional victim company (demo)",
                       kind=Claim.Kind.VICTIM, basis="Loss proven at trial (demo).",
                       amount_claimed=Decimal("200000.00"), currency="CHF",
                       status=Claim.Status.ACCEPTED, amount_awarded=Decimal("187000.00"),
                       decided_on=day(18))
    arrangement = services.save_arrangement(
        asset, officer, legal_basis=SharingArrangement.Basis.TREATY,
        basis_reference="UNTOC art. 14(3)(b)", holding_state=asset.location_state,
        notes="Fictional arrangement for trying the sharing calculation.",
        costs=[services.CostTerm("Bank and court costs of the requested State (demo)",
                                 Decimal("12500.00"), "CHF")],
        shares=[services.ShareTerm(Share.Recipient.STATE, Decimal("50"), asset.location_state,
                                   contribution="Freezing and execution (demo)"),
                services.ShareTerm(Share.Recipient.STATE, Decimal("45"),
                                   State.objects.get(pk="NL"),
                                   contribution="Investigation and confiscation order (demo)"),
                services.ShareTerm(Share.Recipient.UN_FUND, Decimal("5"))])
    services.agree_arrangement(arrangement, officer, arrangement.version, day(10))
    claim = asset.claims.get()
    services.record_transfer(asset, officer, claim.key, Decimal("187000.00"), day(5),
                             "Payment to the victim (demo)")
    out(f"  demo asset for {case}: {asset.description}")
