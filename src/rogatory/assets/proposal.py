"""The sharing proposal: the asset, the legal basis, the claims that come first, the costs,
the calculation step by step, the shares and the transfers, as one `core.documents`
Document in any of the six languages (fixed texts translated; what users typed stays as
typed). Rendered to DOCX for editing and signature, or to PDF."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rogatory.assets import selectors, texts
from rogatory.assets.models import Asset
from rogatory.core.dates import document_date
from rogatory.core.documents import Document, ItemList, Paragraph, Section, Table


def build(asset: Asset, language: str) -> Document:
    with translation.override(language):
        return _build(asset, language)


def _reference(asset: Asset) -> str:
    cases = ", ".join(asset.cases.order_by("reference").values_list("reference", flat=True))
    return _("Asset %(number)s · %(cases)s") % {"number": asset.pk, "cases": cases}


def _build(asset: Asset, language: str) -> Document:
    result = selectors.disposal(asset, language)
    arrangement = result.arrangement
    currency = result.base.currency if result.base else ""
    doc = Document(
        title=_("Proposal for the sharing of confiscated proceeds of crime"),
        subtitle=_("United Nations Convention against Transnational Organized Crime, "
                   "article 14; model bilateral agreement annexed to Economic and Social "
                   "Council resolution 2005/14"),
        language=language, reference=_reference(asset),
        page_template=_("Page {page} of {pages}"),
        watermark="" if arrangement and arrangement.status == "agreed" else _("PROPOSAL"))
    doc.preamble.append(Paragraph(_("Prepared on %(date)s.") % {
        "date": document_date(timezone.localdate(), language)}, style="small"))
    doc.sections.append(_asset_section(asset, language))
    doc.sections.append(_basis_section(arrangement, language))
    doc.sections.append(_claims_section(asset, currency))
    doc.sections.append(_calculation_section(result, currency))
    if result.lines:
        doc.sections.append(_balances_section(result, currency))
    doc.closing.append(Paragraph(_(
        "Returns to victims and legitimate owners are made first and are not reduced by the "
        "sharing; the deductible costs are neither shared nor reduced by it. The shares are "
        "computed with exact decimal arithmetic to the smallest unit of the currency; the "
        "units left over by rounding go to the largest remainders, so that the shares add up "
        "exactly to the distributable amount.")))
    doc.closing.append(Paragraph(_("For the State holding the proceeds:"), style="signature"))
    doc.closing.append(Paragraph(_("For the other States concerned:"), style="signature"))
    return doc


def _asset_section(asset: Asset, language: str) -> Section:
    rows = [
        [_("Description"), asset.description],
        [_("Type"), str(asset.get_type_display())],
        [_("State where it is"), asset.location_state.name(language)],
        [_("Holder or institution"), asset.holder or "—"],
        [_("Identifiers"), asset.identifiers or "—"],
        [_("Estimated value"), texts.money(asset.estimated_value, asset.estimate_currency)
         + (f" ({document_date(asset.estimated_on, language)})" if asset.estimated_on else "")],
        [_("Stage"), str(asset.get_stage_display())],
        [_("Amount realised"), texts.money(asset.realised_amount, asset.realised_currency)],
    ]
    if asset.ordered_by:
        rows.append([_("Confiscation ordered by"), str(asset.get_ordered_by_display())])
    section = Section(_("The asset"))
    section.add(Table([_("Particular"), _("Value")], rows))
    events = [[document_date(e.on, language), str(e.get_target_display()), e.reference or "—"]
              for e in asset.events.all()]
    section.add(Table([_("Date"), _("Stage"), _("Request or order reference")], events,
                      caption=_("Stages reached")))
    return section


def _basis_section(arrangement, language: str) -> Section:
    section = Section(_("Legal basis and terms"))
    if arrangement is None:
        section.add(Paragraph(_("No sharing arrangement has been recorded: the amount "
                                "remaining after the returns stays with the State holding "
                                "the proceeds.")))
        return section
    items = [_("Legal basis: %(basis)s") % {"basis": arrangement.get_legal_basis_display()},
             _("Agreement or provision: %(ref)s") % {"ref": arrangement.basis_reference or "—"},
             _("State holding the proceeds: %(state)s") % {
                 "state": arrangement.holding_state.name(language)},
             _("Status: %(status)s") % {"status": arrangement.get_status_display()}]
    if arrangement.agreed_on:
        items.append(_("Agreed on: %(date)s")
                     % {"date": document_date(arrangement.agreed_on, language)})
    section.add(ItemList(items))
    if arrangement.notes:
        section.add(Paragraph(arrangement.notes))
    return section


def _claims_section(asset: Asset, currency: str) -> Section:
    section = Section(_("Claims of victims and legitimate owners (article 14(2))"))
    rows = [[c.claimant, str(c.get_kind_display()), str(c.get_status_display()),
             texts.money(c.amount_claimed, c.currency),
             texts.money(c.amount_awarded, c.currency)] for c in asset.claims.all()]
    if not rows:
        section.add(Paragraph(_("No claim has been recorded.")))
        return section
    section.add(Table([_("Claimant"), pgettext("claimant", "Kind"), _("Status"),
                       _("Amount claimed"), _("Amount to be returned")], rows))
    return section


def _calculation_section(result: selectors.Disposal, currency: str) -> Section:
    section = Section(_("Calculation"))
    if result.base is None:
        section.add(Paragraph(_("Neither an estimated value nor an amount realised is "
                                "recorded: nothing can be computed yet.")))
        return section
    if result.estimate:
        section.add(Paragraph(_("Computed on the estimated value: the amounts will be "
                                "computed again on the amount actually realised."), italic=True))
    if result.problems:
        section.add(ItemList([texts.sharing_problem(code, params, result.labels)
                              for code, params in result.problems]))
        return section
    rows = [[texts.step_label(step.code, result.labels.get(step.label, step.label)),
             texts.money(step.amount, currency), texts.money(step.balance, currency)]
            for step in result.calculation.steps]
    section.add(Table([_("Step"), _("Amount"), _("Remaining")], rows))
    shares = [[result.labels.get(a.label, a.label), f"{texts.percent(a.percent)} %",
               f"{a.exact:.6f}", texts.money(a.amount, currency)]
              for a in result.calculation.shares]
    if shares:
        section.add(Table([_("Recipient"), _("Share in percent"), _("Exact share"),
                           _("Amount")], shares, caption=_("Shares of the distributable "
                                                           "amount")))
    return section


def _balances_section(result: selectors.Disposal, currency: str) -> Section:
    section = Section(_("Transfers and outstanding balances"))
    rows = [[line.label, texts.money(line.allocated, currency),
             _("retained") if line.retained else texts.money(line.transferred, currency),
             texts.money(line.outstanding, currency)] for line in result.lines]
    section.add(Table([_("Recipient"), pgettext("amount", "Due"), _("Transferred"),
                       _("Outstanding")], rows))
    return section
