"""Registration: references from the authority's pattern, rules for due dates, the
contract `register_outgoing`, and the register page for officers."""

import datetime
import tracemalloc

import pytest
import time_machine

from rogatory.cases import numbering, services
from rogatory.cases.models import AuthoritySettings, Case, Document
from tests.cases.conftest import make_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(("pattern", "problem"), [
    ("{kind}{direction}-{year}-{seq:04d}", None),
    ("NL/{year}/{seq}", None),
    ("{kind}-{seq}", "missing_field"),
    ("{year}-{seq}-{name}", "unknown_field"),
    ("{year}-{seq:zz}", "malformed"),
    ("{year-{seq}", "malformed"),
    ("{year}{seq}" + "x" * 80, "too_long"),
    ("{year}{seq:>800000000}", "too_long"),
    ("{year}{seq:.900000000}", "too_long"),
    ("{year:061}{seq}", "too_long"),
    ("{year}{seq:>{year}}", "too_long"),
    ("{year}-{seq:>50}", None),
])
def test_reference_patterns(pattern, problem):
    assert numbering.pattern_problem(pattern) == problem


def test_a_huge_width_is_refused_before_anything_is_formatted():
    """Issue #14, low 6: the check used to format first, building a 50 MB string here."""
    tracemalloc.start()
    try:
        assert numbering.pattern_problem("{year}{seq:>50000000}") == "too_long"
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    with pytest.raises(ValueError):  # a pattern saved without the form's check
        numbering.format_reference("{year}{seq:>50000000}", "mla", "outgoing", 2026, 1)


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_references_follow_the_pattern_and_count_per_authority_and_year(actors):
    first = make_case(actors, direction="outgoing", status="sent")
    second = make_case(actors, direction="incoming", kind="extradition")
    other = make_case(actors, authority=actors.authority_b, user=actors.officer_b)
    last_year = make_case(actors, sent_at=datetime.date(2025, 12, 30))
    assert first.reference == "MLO-2026-0001"
    assert second.reference == "EXI-2026-0002"
    assert other.reference == "MLI-2026-0001"
    assert last_year.reference == "MLI-2025-0001"


def test_custom_pattern_per_authority(actors):
    AuthoritySettings.objects.create(authority=actors.authority_a,
                                     reference_pattern="NL-CA/{year}/{seq:05d}")
    case = make_case(actors, sent_at=datetime.date(2026, 5, 1))
    assert case.reference == "NL-CA/2026/00001"


def test_allocation_under_concurrency_never_repeats(actors):
    refs = {make_case(actors).reference for _ in range(20)}
    assert len(refs) == 20
    assert Case.objects.filter(authority=actors.authority_a).count() == 20


def test_preservation_due_date_by_rule_and_by_hand(actors):
    made = datetime.date(2026, 1, 1)
    ruled = make_case(actors, kind="e_evidence_preservation", direction="outgoing",
                      status="sent", sent_at=made)
    assert ruled.due_date == made + datetime.timedelta(days=90)
    assert ruled.due_rule == "preservation_expiry"
    by_hand = make_case(actors, kind="e_evidence_preservation", sent_at=made,
                        due_date=datetime.date(2026, 2, 1))
    assert by_hand.due_date == datetime.date(2026, 2, 1) and by_hand.due_rule == ""
    extended = services.extend_preservation(ruled, actors.officer_a, ruled.version)
    assert extended.due_date == made + datetime.timedelta(days=180)
    assert extended.notes.count() == 1


def test_register_outgoing_contract(actors):
    case = services.register_outgoing(
        authority=actors.authority_a, created_by=actors.officer_a, kind="mla",
        counterpart_state="fr", counterpart_authority=actors.authority_b,
        legal_basis="UNTOC", offences=("money_laundering", "corruption"), urgent=True,
        title="Request 7", request_id=7, documents=[("request.pdf", PDF)])
    assert isinstance(case, Case)
    assert (case.direction, case.status, case.counterpart_state_id) == ("outgoing", "sent", "FR")
    assert case.sent_at is not None and case.request_id == 7 and case.urgent
    assert case.counterpart_authority == actors.authority_b
    assert case.counterpart_authority_name == str(actors.authority_b)
    assert case.offences == ["money_laundering", "corruption"]
    doc = Document.objects.get(case=case)
    assert doc.name == "request.pdf" and doc.content_type == "application/pdf"
    assert case.transitions.get().target == "sent"


@pytest.mark.parametrize(("field", "value"), [
    ("offences", ["not_an_offence"]), ("legal_basis", "untoc lower case"),
    ("kind", "teleportation"), ("counterpart_state", "XX"),
])
def test_register_rejects_bad_input_and_writes_nothing(actors, field, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_case(actors, **{field: value})
    assert not Case.objects.exists()


def test_register_outgoing_with_bad_document_writes_nothing(actors):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.register_outgoing(authority=actors.authority_a, created_by=actors.officer_a,
                                   kind="mla", counterpart_state="FR",
                                   documents=[("evil.pdf", b"MZ\x90\x00binary")])
    assert not Case.objects.exists()


def test_officer_registers_incoming_request_by_hand(actors):
    response = client_for(actors.officer_a).post("/cases/new/incoming/", {
        "kind": "mla", "title": "Bank records", "counterpart_state": "MX",
        "counterpart_authority_name": "FGR", "legal_basis": "UNTOC",
        "offences": ["money_laundering"], "confidentiality": "confidential",
        "sent_at": "2026-02-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.status == "received" and case.direction == "incoming"
    assert case.authority == actors.authority_a and case.responsible == actors.officer_a
    assert response["Location"] == f"/cases/{case.pk}/"


@pytest.mark.parametrize(("actor", "status"), [
    ("anonymous", 302), ("practitioner", 403), ("officer_b", 200), ("focal_a", 403),
    ("secretariat", 403),
])
def test_who_may_register(actors, actor, status):
    assert client_for(actors.by_name(actor)).get("/cases/new/outgoing/").status_code == status


def test_settings_page_changes_the_pattern_with_a_version(actors):
    client = client_for(actors.officer_a)
    assert client.get("/cases/settings/").status_code == 200
    bad = client.post("/cases/settings/", {"reference_pattern": "{seq}", "version": 1})
    assert bad.status_code == 200 and "reference_pattern" in bad.context["form"].errors
    ok = client.post("/cases/settings/", {"reference_pattern": "A-{year}-{seq}", "version": 1})
    assert ok.status_code == 302
    stale = client.post("/cases/settings/", {"reference_pattern": "B-{year}-{seq}",
                                             "version": 1})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert AuthoritySettings.objects.get().reference_pattern == "A-{year}-{seq}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_distinct_numbers(actors):
    """Eight threads register at once: the locked counter row keeps numbers unique."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are tested on PostgreSQL")

    def register(_n: int) -> str:
        try:
            return make_case(actors).reference
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        refs = list(pool.map(register, range(16)))
    assert len(set(refs)) == 16
