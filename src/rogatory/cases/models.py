"""The case register: incoming and outgoing requests of an authority, their workflow,
deadlines, correspondence, documents and notes. Every model keeps its history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from rogatory.cases import deadlines, numbering, workflow
from rogatory.core.concurrency import Versioned
from rogatory.core.labels import instrument_label


class Direction(models.TextChoices):
    OUTGOING = workflow.OUTGOING, _("outgoing")
    INCOMING = workflow.INCOMING, _("incoming")


class Kind(models.TextChoices):
    MLA = "mla", _("mutual legal assistance")
    EXTRADITION = "extradition", _("extradition")
    CONFISCATION = "confiscation", _("confiscation")
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings", _("transfer of proceedings")
    JIT = "jit", _("joint investigation team")
    E_EVIDENCE_PRESERVATION = "e_evidence_preservation", _("preservation of electronic evidence")
    TRANSFER_OF_SENTENCED_PERSONS = ("transfer_of_sentenced_persons",
                                     _("transfer of sentenced persons"))
    OTHER = "other", _("other")


class Status(models.TextChoices):
    DRAFT = workflow.DRAFT, _("draft")
    SENT = workflow.SENT, _("sent")
    ACKNOWLEDGED = workflow.ACKNOWLEDGED, _("acknowledged")
    RECEIVED = workflow.RECEIVED, _("received")
    CHECKED = workflow.CHECKED, _("checked")
    ASSIGNED = workflow.ASSIGNED, _("assigned")
    UNDER_EXECUTION = workflow.UNDER_EXECUTION, _("under execution")
    PARTIALLY_EXECUTED = workflow.PARTIALLY_EXECUTED, _("partially executed")
    EXECUTED = workflow.EXECUTED, _("executed")
    REFUSED = workflow.REFUSED, _("refused")
    WITHDRAWN = workflow.WITHDRAWN, _("withdrawn")
    RETURNED = workflow.RETURNED, _("returned for more information")
    POSTPONED = workflow.POSTPONED, _("postponed")


class Confidentiality(models.TextChoices):
    RESTRICTED = "restricted", _("restricted")
    CONFIDENTIAL = "confidential", _("confidential")
    STRICTLY_CONFIDENTIAL = "strictly_confidential", _("strictly confidential")


class Offence(models.TextChoices):
    """Offence categories (codes shared with the legal-basis engine)."""

    PARTICIPATION_IN_OCG = "participation_in_ocg", _("participation in an organized criminal group")
    MONEY_LAUNDERING = "money_laundering", _("money-laundering")
    CORRUPTION = "corruption", _("corruption")
    OBSTRUCTION_OF_JUSTICE = "obstruction_of_justice", _("obstruction of justice")
    TRAFFICKING_IN_PERSONS = "trafficking_in_persons", _("trafficking in persons")
    SMUGGLING_OF_MIGRANTS = "smuggling_of_migrants", _("smuggling of migrants")
    FIREARMS_TRAFFICKING = "firearms_trafficking", _("trafficking in firearms")
    DRUG_TRAFFICKING = "drug_trafficking", _("drug trafficking")
    CYBERCRIME = "cybercrime", _("cybercrime")
    OTHER_SERIOUS_CRIME = "other_serious_crime", _("other serious crime")


class RefusalGround(models.TextChoices):
    NOT_IN_CONFORMITY = "18_21_a", _("art. 18(21)(a): request not made in conformity with "
                                     "the article")
    ESSENTIAL_INTERESTS = "18_21_b", _("art. 18(21)(b): prejudice to sovereignty, security, "
                                       "ordre public or other essential interests")
    DOMESTIC_PROHIBITION = "18_21_c", _("art. 18(21)(c): domestic law prohibits the action "
                                        "for a similar offence")
    LEGAL_SYSTEM = "18_21_d", _("art. 18(21)(d): contrary to the legal system of the "
                                "requested State")
    DISCRIMINATION = "16_14", _("art. 16(14): grounds to believe the request aims at "
                                "prosecution on discriminatory grounds")
    DUAL_CRIMINALITY = "dual_criminality", _("absence of dual criminality (art. 18(9))")
    OTHER = "other", _("other ground (explained in the text)")


# Legal bases: instrument codes of the states app, or a non-treaty basis.
NON_TREATY_BASES = {"reciprocity": pgettext_lazy("basis of a request", "reciprocity"),
                    "domestic_law": _("domestic law")}
# The rules of `deadlines` that set a due date, as a reader is told of them.
DUE_RULES = {
    "preservation_expiry": _("end of the preservation (Budapest Convention art. 29(7))"),
    deadlines.URGENT_INCOMING: _("urgent incoming request (UNTOC art. 18(24))"),
}
COMMON_INSTRUMENTS = ("UNTOC", "UNTOC-TIP", "UNTOC-SOM", "UNTOC-FIR", "UNCAC", "VIENNA-1988",
                      "BUDAPEST", "BUDAPEST-P2", "ETS-024", "ETS-030")
legal_basis_validator = RegexValidator(
    r"^(reciprocity|domestic_law|[A-Z][A-Z0-9]*(-[A-Z0-9]+)*)?$",
    _("Give an instrument code (such as UNTOC) or reciprocity or domestic_law."))


class AuthoritySettings(Versioned):
    """Per-authority settings of the register: how references are made."""

    authority = models.OneToOneField("directory.Authority", on_delete=models.CASCADE,
                                     related_name="case_settings")
    reference_pattern = models.CharField(
        _("reference pattern"), max_length=80, default=numbering.DEFAULT_PATTERN,
        help_text=_("Fields: {kind}, {direction}, {year}, {seq} (e.g. {seq:04d})."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")

    def __str__(self) -> str:
        return str(self.authority)

    def clean(self) -> None:
        if numbering.pattern_problem(self.reference_pattern):
            raise ValidationError({"reference_pattern": _(
                "Use only {kind}, {direction}, {year} and {seq}, with {year} and {seq} present, "
                "in a valid format.")})


class ReferenceCounter(models.Model):
    """The last sequence number given per authority and year (locked when allocating)."""

    authority = models.ForeignKey("directory.Authority", on_delete=models.CASCADE,
                                  related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "year"],
                                               name="cases_counter_unique")]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}: {self.last}"


class Case(Versioned):
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT,
                                  related_name="cases", verbose_name=_("authority"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    reference = models.CharField(_("reference"), max_length=60, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    counterpart_state = models.ForeignKey("states.State", on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("counterpart State"))
    counterpart_authority = models.ForeignKey(
        "directory.Authority", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("counterpart authority (directory)"))
    counterpart_authority_name = models.CharField(_("counterpart authority"), max_length=300,
                                                  blank=True)
    counterpart_reference = models.CharField(_("counterpart's reference"), max_length=100,
                                             blank=True)
    legal_basis = models.CharField(_("legal basis used"), max_length=40, blank=True,
                                   validators=[legal_basis_validator])
    offences = models.JSONField(_("offences"), default=list, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    confidentiality = models.CharField(_("confidentiality"), max_length=30,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.RESTRICTED)
    summary = models.TextField(_("summary"), blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("responsible officer"))
    # Sent (outgoing) or received (incoming): the day the clock starts.
    sent_at = models.DateField(_("sent or received on"), null=True, blank=True)
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    days_to_outcome = models.PositiveIntegerField(null=True, blank=True, editable=False)
    refusal_grounds = models.JSONField(_("grounds of refusal"), default=list, blank=True)
    refusal_text = models.TextField(_("grounds of refusal explained"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_rule = models.CharField(_("due date set by"), max_length=40, blank=True,
                                help_text=_("The rule that set the due date; empty when set "
                                            "by hand."))
    request_id = models.PositiveIntegerField(_("request in the writer"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["authority", "reference"],
                                               name="cases_reference_unique")]
        indexes = [
            # The register page: an authority's cases, newest first, optionally by status etc.
            models.Index(fields=["authority", "sent_at", "id"], name="cases_auth_sent"),
            models.Index(fields=["authority", "status", "sent_at"], name="cases_auth_status"),
            models.Index(fields=["authority", "direction", "sent_at"], name="cases_auth_dir"),
            models.Index(fields=["authority", "kind", "sent_at"], name="cases_auth_kind"),
            models.Index(fields=["authority", "counterpart_state", "sent_at"],
                         name="cases_auth_cp"),
            models.Index(fields=["authority", "due_date"], name="cases_auth_due"),
            models.Index(fields=["responsible", "due_date"], name="cases_resp_due"),
            models.Index(fields=["status", "due_date"], name="cases_status_due"),
            # Statistics over every authority recount the partial months of a period from this
            # index alone (it holds every counted column, summary.WATCHED): no read of the
            # cases themselves, scattered over the table.
            models.Index(fields=["sent_at", "direction", "status", "kind", "counterpart_state",
                                 "legal_basis", "days_to_outcome", "due_date",
                                 "refusal_grounds"], name="cases_sent_counted"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return workflow.is_open(self.status)

    @property
    def overdue(self) -> bool:
        return self.is_open and deadlines.is_overdue(self.due_date, timezone.localdate())

    def counterpart_display(self) -> str:
        if self.counterpart_authority_id:
            return str(self.counterpart_authority)
        return self.counterpart_authority_name

    def legal_basis_display(self) -> str:
        if self.legal_basis in NON_TREATY_BASES:
            return str(NON_TREATY_BASES[self.legal_basis])
        return instrument_label(self.legal_basis)

    def due_rule_label(self) -> str:
        return str(DUE_RULES.get(self.due_rule, self.due_rule))

    def offence_labels(self) -> list[str]:
        labels = dict(Offence.choices)
        return [str(labels.get(code, code)) for code in self.offences]

    def refusal_ground_labels(self) -> list[str]:
        labels = dict(RefusalGround.choices)
        return [str(labels.get(code, code)) for code in self.refusal_grounds]

    def clean(self) -> None:
        super().clean()
        unknown = set(self.offences or []) - set(Offence.values)
        if unknown:
            raise ValidationError({"offences": _("Unknown offence category: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))}})
        if self.status and self.status not in workflow.statuses(self.direction):
            raise ValidationError({"status": _("This status does not exist for this "
                                               "direction.")})


class CaseSummary(models.Model):
    """Number of cases per month sent and figure, for the statistics over every authority.
    Written only by database triggers on the cases (see summary.py), never by the app."""

    month = models.CharField(max_length=7)          # YYYY-MM of sent_at, "" if not sent
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=64)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "dimension", "value"],
                                               name="cases_summary_key")]

    def __str__(self) -> str:
        return f"{self.month} {self.dimension}={self.value}: {self.n}"


class Transition(models.Model):
    """One step of a case's workflow: from which status to which, when, by whom, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(max_length=20, choices=Status.choices, blank=True)
    target = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    note = models.TextField(_("note"), blank=True)
    grounds = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.source} → {self.target}"


class CaseLink(models.Model):
    class Type(models.TextChoices):
        FOLLOW_UP = "follow_up", _("preservation followed by this MLA request")
        SAME_INVESTIGATION = "same_investigation", _("same investigation")
        TRIGGERED = "triggered", _("incoming request that triggered this outgoing one")

    source = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    type = models.CharField(pgettext_lazy("relation between cases", "link"), max_length=30,
                            choices=Type.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("link between cases")
        verbose_name_plural = _("links between cases")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "type"], name="cases_link_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")),
                                   name="cases_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.type} {self.target_id}"


class CaseShare(models.Model):
    """A person outside the owning authority who may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="case_shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [models.UniqueConstraint(fields=["case", "user"],
                                               name="cases_share_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"


class CaseAction(Versioned):
    """Something to do on a case by a due date (hearing, reply, extension of a preservation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    due_date = models.DateField(_("due date"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("assigned to"))
    done_at = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_date"],
                                name="cases_action_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.done_at is None and deadlines.is_overdue(self.due_date, timezone.localdate())


class Correspondence(models.Model):
    class Way(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")

    class Type(models.TextChoices):
        MESSAGE = "message", _("message")
        ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement of receipt")
        PROGRESS_REQUEST = "progress_request", _("request for a progress report (art. 18(24))")
        PROGRESS_REPORT = "progress_report", _("progress report (art. 18(24))")
        INFORMATION_REQUEST = "information_request", _("request for more information "
                                                       "(art. 18(16))")
        SUPPLEMENTARY = "supplementary", _("supplementary information")
        EXECUTION_RESULT = "execution_result", _("results of execution")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="correspondence")
    way = models.CharField(_("sent or received"), max_length=10, choices=Way.choices)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices,
                            default=Type.MESSAGE)
    on = models.DateField(_("date"))
    party = models.CharField(_("from or to"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")

    def __str__(self) -> str:
        return self.subject


class Document(models.Model):
    """A file attached to a case, stored under MEDIA_ROOT by a random name, with its SHA-256."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("file name"), max_length=160)
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]


class Reminder(models.Model):
    """A reminder e-mail sent: one per item, due date, stage and person, never twice."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    action = models.ForeignKey(CaseAction, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="reminders")
    due_date = models.DateField()
    stage = models.CharField(max_length=20)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "due_date", "stage", "recipient"],
                                    condition=models.Q(action__isnull=True),
                                    name="cases_reminder_case_once"),
            models.UniqueConstraint(fields=["action", "due_date", "stage", "recipient"],
                                    condition=models.Q(action__isnull=False),
                                    name="cases_reminder_action_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.due_date}"
