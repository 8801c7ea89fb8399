"""The statistics summary over every authority stays equal to a recount of the cases:
after any sequence of changes (services, bulk updates, deletes), after concurrent changes,
and after a rebuild. Runs on SQLite and, with DATABASE_URL, on PostgreSQL (the triggers differ)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rogatory.cases import selectors, services, summary, workflow
from rogatory.cases.models import Case, CaseAction, CaseSummary
from tests.cases.conftest import make_case
from tests.conftest import client_for

D = datetime.date
ON = D(2026, 4, 1)
PERIODS = [
    (None, None), (D(2026, 1, 1), D(2026, 2, 28)),                       # whole months
    (D(2026, 1, 15), D(2026, 3, 10)), (D(2025, 12, 2), None),            # partial months
    (None, D(2026, 1, 31)), (None, D(2026, 2, 10)),                      # open-ended
    (D(2026, 2, 3), D(2026, 2, 20)), (D(2026, 2, 1), D(2026, 2, 14)),    # inside one month
    (D(2026, 2, 14), D(2026, 2, 28)), (D(2026, 1, 31), D(2026, 2, 1)),
    (D(2026, 1, 15), D(2026, 1, 15)), (D(2026, 2, 1), D(2026, 2, 1)),    # one day
    (D(2026, 3, 5), D(2026, 1, 10)),                                     # empty
]
KINDS = ["mla", "extradition", "e_evidence_preservation", "jit"]
BASES = ["UNTOC", "UNTOC-TIP", "UNCAC", "reciprocity", ""]
STATES = ["FR", "MX", "CN", "BR"]
DAYS = st.dates(D(2025, 11, 20), D(2026, 3, 20))


def summary_rows() -> set[tuple]:
    return set(CaseSummary.objects.filter(n__gt=0).values_list("month", "dimension", "value",
                                                                "n"))


def assert_exact(scope) -> None:
    """Every figure read from the summary equals the recount, for several periods."""
    for date_from, date_to in PERIODS:
        assert selectors.scope_statistics(scope, date_from, date_to, on=ON) == \
            selectors.case_statistics(Case.objects.all(), date_from, date_to, on=ON), \
            (date_from, date_to)
        assert selectors.scope_monthly_counts(scope, date_from, date_to) == \
            selectors.monthly_counts(Case.objects.all(), date_from, date_to)
    kept = summary_rows()
    # The partial months' count in Python (`case_rows`) gives the triggers' rows, every case.
    every_day = [(D(1900, 1, 1), D(2100, 12, 31))]
    assert set(summary._recount(every_day)) == {row for row in kept if row[0]}
    summary.rebuild()
    assert summary_rows() == kept  # the triggers' rows are exactly the recount's


def _create(actors, data) -> None:
    direction = data.draw(st.sampled_from(["incoming", "outgoing"]))
    make_case(actors, authority=data.draw(st.sampled_from([actors.authority_a,
                                                            actors.authority_b])),
              direction=direction, kind=data.draw(st.sampled_from(KINDS)),
              legal_basis=data.draw(st.sampled_from(BASES)),
              counterpart_state=data.draw(st.sampled_from(STATES)),
              status="sent" if direction == "outgoing" and data.draw(st.booleans()) else "",
              sent_at=data.draw(DAYS), due_date=data.draw(st.none() | DAYS))


def _transition(actors, data, case: Case) -> None:
    targets = sorted(step.target for step in workflow.TRANSITIONS
                     if step.direction == case.direction and step.source == case.status)
    if not targets:
        return
    target = data.draw(st.sampled_from(targets))
    user = actors.officer_a if case.authority_id == actors.authority_a.pk else actors.officer_b
    on = (case.sent_at or D(2026, 1, 1)) + datetime.timedelta(days=data.draw(st.integers(0, 90)))
    services.transition(case, user, target, on=on, note="Because.",
                        grounds=data.draw(st.lists(st.sampled_from(["18_21_b", "16_14"]),
                                                   min_size=1, unique=True))
                        if target == workflow.REFUSED else ())


def _edit(actors, data, case: Case) -> None:
    user = actors.officer_a if case.authority_id == actors.authority_a.pk else actors.officer_b
    services.update_case(case, user, case.version, {
        "kind": data.draw(st.sampled_from(KINDS)), "legal_basis": data.draw(st.sampled_from(BASES)),
        "counterpart_state_id": data.draw(st.sampled_from(STATES)),
        "sent_at": data.draw(st.none() | DAYS), "due_date": data.draw(st.none() | DAYS)})


def _bulk(actors, data, case: Case) -> None:
    """Writes that bypass the services: a bulk update of direction, kind, authority."""
    direction = data.draw(st.sampled_from(["incoming", "outgoing"]))
    Case.objects.filter(pk=case.pk).update(
        kind=data.draw(st.sampled_from(KINDS)), authority=actors.authority_b,
        direction=direction, status=workflow.INITIAL[direction], reference=f"BULK-{case.pk}")


def _late_action(actors, data, case: Case) -> None:
    CaseAction.objects.create(case=case, title="Hear", due_date=data.draw(DAYS),
                              created_by=actors.officer_a)


OPERATIONS = {"transition": _transition, "edit": _edit, "bulk": _bulk,
              "action": _late_action, "delete": lambda _a, _d, case: case.delete()}


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_summary_equals_recount_after_random_changes(actors, data):
    scope = selectors.statistics_scope(actors.secretariat)
    with transaction.atomic():
        for _ in range(data.draw(st.integers(1, 12))):
            operation = data.draw(st.sampled_from(["create", *OPERATIONS]))
            cases = list(Case.objects.order_by("pk"))
            if operation == "create" or not cases:
                _create(actors, data)
            else:
                OPERATIONS[operation](actors, data, data.draw(st.sampled_from(cases)))
        assert_exact(scope)
        transaction.set_rollback(True)  # each example starts from no case


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_summary_exact_after_concurrent_changes(actors):
    """Threads register and move cases of the same month at once, each in its own
    transaction, their triggers updating the same summary rows: no update is lost and no
    deadlock (SQLite has one writer at a time: nothing to race)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL")
    cases = [make_case(actors, direction="outgoing", status="sent", sent_at=D(2026, 1, 1 + n))
             for n in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(cases))

    def work(case: Case) -> None:
        try:
            barrier.wait(timeout=10)
            moved = services.transition(case, actors.officer_a, "under_execution", on=ON)
            services.transition(moved, actors.officer_a, "executed", on=ON)
            make_case(actors, sent_at=D(2026, 1, 2))
        except BaseException as problem:  # reported by the main thread
            errors.append(problem)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=work, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Case.objects.filter(status="executed").count() == 8
    assert_exact(selectors.statistics_scope(actors.secretariat))


@pytest.mark.django_db
def test_rebuild_command_restores_a_damaged_summary(actors):
    for n in range(3):
        make_case(actors, sent_at=D(2026, 1, 1 + n), due_date=D(2026, 2, 1))
    expected = summary_rows()
    CaseSummary.objects.filter(dimension="kind").delete()
    CaseSummary.objects.filter(dimension="status").update(n=99)
    call_command("rebuild-case-statistics", verbosity=0)
    assert summary_rows() == expected
    assert_exact(selectors.statistics_scope(actors.secretariat))


@pytest.mark.django_db
def test_secretariat_page_reads_the_summary_other_roles_their_own(actors):
    """Every authority for the secretariat (from the summary, so a damaged summary shows),
    only their own cases for the others (counted from the cases)."""
    make_case(actors, sent_at=D(2026, 1, 5))
    make_case(actors, authority=actors.authority_b, user=actors.officer_b, sent_at=D(2026, 1, 6),
              direction="outgoing")
    CaseSummary.objects.filter(dimension="status").update(n=50)
    assert selectors.scope_statistics(
        selectors.statistics_scope(actors.secretariat))["total"] == 100
    for user, total in ((actors.officer_a, 1), (actors.focal_b, 1)):
        assert selectors.scope_statistics(selectors.statistics_scope(user))["total"] == total
    page = client_for(actors.secretariat).get("/cases/statistics/?format=csv")
    assert page.status_code == 200 and "100" in page.content.decode()


def test_split_of_a_period_into_whole_and_partial_months():
    assert summary._split(None, None) == ("", "9999-12", [])
    assert summary._split(D(2026, 1, 1), D(2026, 3, 31)) == ("2026-01", "2026-03", [])
    assert summary._split(D(2026, 1, 15), D(2026, 3, 10)) == (
        "2026-02", "2026-02", [(D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 10))])
    assert summary._split(D(2026, 2, 3), D(2026, 2, 20))[2] == [(D(2026, 2, 3), D(2026, 2, 20))]
    assert summary._split(None, D(2026, 1, 31)) == ("0000-01", "2026-01", [])
    assert summary._split(D(2026, 3, 5), D(2026, 1, 10))[2] == []


@pytest.mark.django_db
def test_partial_months_are_recounted_in_one_query(actors):
    """Both partial months of a period, every figure or one, in a single read of their cases."""
    for day in (D(2026, 1, 20), D(2026, 2, 10), D(2026, 3, 2)):
        make_case(actors, sent_at=day, due_date=D(2026, 3, 1))
    edges = summary._split(D(2026, 1, 15), D(2026, 3, 10))[2]
    with CaptureQueriesContext(connection) as queries:
        counted = summary._recount(edges)
        status = summary._recount(edges, "status")
    assert len(queries) == 2
    assert {(month, dimension) for month, dimension, _v, _n in counted} >= {
        ("2026-01", "status"), ("2026-03", "kind"), ("2026-01", "due")}
    assert not any(month == "2026-02" for month, *_rest in counted)
    assert sorted(status) == sorted(row for row in counted if row[1] == "status")


def test_the_sent_index_holds_every_counted_column():
    """The partial months are recounted from the index alone, not from the scattered cases."""
    index = next(i for i in Case._meta.indexes if i.name == "cases_sent_counted")
    columns = [Case._meta.get_field(name).column for name in index.fields]
    assert columns[0] == "sent_at" and set(columns) == set(summary.WATCHED)


@pytest.mark.django_db
def test_sqlite_recounts_from_the_covering_index():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan")
    edges = [(D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 10))]
    with CaptureQueriesContext(connection) as queries:
        summary._recount(edges)
        summary._recount(edges, "status")
    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = " ".join(str(step[-1]) for step in cursor.fetchall())
        assert "COVERING INDEX cases_sent_counted" in plan and "SCAN c" not in plan, plan
