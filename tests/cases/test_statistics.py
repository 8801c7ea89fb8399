"""Statistics: the figures themselves, the date range, the scope per role, charts and CSV."""

import datetime
import re

import pytest
import time_machine

from rogatory.cases import deadlines, selectors, services
from rogatory.cases.models import Case
from rogatory.core import charts
from tests.cases.conftest import make_case
from tests.conftest import api_client_for, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _executed(actors, sent: D, days: int, **fields) -> Case:
    case = make_case(actors, direction="outgoing", status="sent", sent_at=sent, **fields)
    case = services.transition(case, actors.officer_a, "under_execution", on=sent)
    return services.transition(case, actors.officer_a, "executed",
                               on=sent + datetime.timedelta(days=days))


@pytest.fixture
def register(actors):
    for n, days in enumerate([10, 20, 30, 40, 100]):
        _executed(actors, D(2026, 1, 1 + n), days, legal_basis="UNTOC" if n < 3 else "UNCAC",
                  counterpart_state="MX" if n % 2 else "CN")
    refused = make_case(actors, direction="outgoing", status="sent", sent_at=D(2026, 2, 1),
                        legal_basis="reciprocity", kind="extradition")
    services.transition(refused, actors.officer_a, "refused", on=D(2026, 3, 1),
                        grounds=("18_21_b", "dual_criminality"))
    make_case(actors, sent_at=D(2026, 3, 1), due_date=D(2026, 3, 15), legal_basis="")
    make_case(actors, sent_at=D(2025, 6, 1), legal_basis="UNTOC-TIP")
    make_case(actors, authority=actors.authority_b, user=actors.officer_b, sent_at=D(2026, 1, 5))


def test_figures(actors, register):
    stats = selectors.case_statistics(Case.objects.filter(authority=actors.authority_a),
                                      on=D(2026, 4, 1))
    assert stats["total"] == 8
    assert stats["by_direction"] == {"outgoing": 6, "incoming": 2}
    assert stats["days_to_execution"] == {"count": 5, "median": 30, "p90": 76.0}
    assert stats["outcomes"]["executed"] == 5 and stats["outcomes"]["refused"] == 1
    assert dict(stats["refusal_grounds"]) == {"18_21_b": 1, "dual_criminality": 1}
    # UNTOC and its Protocols, over the requests whose basis is known (7 of 8).
    assert stats["untoc_basis"] == {"count": 4, "of_known": 7, "share": round(4 / 7, 3)}
    assert dict(stats["by_counterpart"]) == {"CN": 3, "MX": 2, "FR": 3}
    assert dict(stats["by_kind"]) == {"mla": 7, "extradition": 1}
    assert stats["open"] == 2 and stats["overdue"] == 1


def test_date_range(actors, register):
    stats = selectors.case_statistics(Case.objects.filter(authority=actors.authority_a),
                                      D(2026, 1, 1), D(2026, 1, 31), on=D(2026, 4, 1))
    assert stats["total"] == 5 and stats["days_to_execution"]["median"] == 30


@pytest.mark.parametrize(("values", "q", "expected"), [
    ([], 50, None), ([7], 90, 7), ([1, 2, 3, 4], 50, 2.5), ([10, 20, 30, 40, 100], 90, 76.0),
])
def test_percentile(values, q, expected):
    assert deadlines.percentile(values, q) == expected


def test_scope_per_role(actors, register):
    def total(user, **params) -> int:
        return api_client_for(user).get("/api/v1/stats/cases/", params).json()["total"]

    assert total(actors.officer_a) == 8
    assert total(actors.officer_b) == 1
    assert total(actors.focal_a) == 8 and total(actors.focal_b) == 1
    assert total(actors.secretariat) == 9
    assert total(actors.secretariat, state="FR") == 1
    assert total(actors.focal_a, state="FR") == 8   # a focal point cannot look elsewhere
    assert api_client_for(actors.practitioner).get("/api/v1/stats/cases/").status_code == 403
    assert api_client_for(None).get("/api/v1/stats/cases/").status_code == 401
    bad = api_client_for(actors.officer_a).get("/api/v1/stats/cases/", {"date_from": "x"})
    assert bad.status_code == 400 and "date_from" in bad.json()["error"]["fields"]


def test_api_statistics_shape(actors, register):
    body = api_client_for(actors.officer_a).get(
        "/api/v1/stats/cases/", {"date_from": "2026-01-01", "date_to": "2026-12-31"}).json()
    assert body["scope"] == "authority" and body["total"] == 7
    assert {"code": "18_21_b", "count": 1} in body["refusal_grounds"]
    assert body["days_to_execution"]["median"] == 30


@time_machine.travel(datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC), tick=False)
def test_page_shows_charts_tables_and_csv(actors, register):
    client = client_for(actors.officer_a)
    html = client.get("/cases/statistics/").content.decode()
    assert html.count('<img class="chart" src="data:image/svg+xml;base64,') >= 5
    assert "<script" not in html.split("<main", 1)[1]
    assert '<th scope="row">Mexico</th>' in html
    assert "Median days from sent to executed" in html
    csv = client.get("/cases/statistics/?format=csv&date_from=2026-01-01").content.decode(
        "utf-8-sig")
    assert "outcome,executed,5" in csv.replace("\r", "")
    assert "counterpart,China,3" in csv.replace("\r", "")
    bad = client.get("/cases/statistics/?date_from=2026-05-01&date_to=2026-01-01")
    assert "The start date is after the end date." in bad.content.decode()


def test_secretariat_page_aggregates_without_case_content(actors, register):
    html = client_for(actors.secretariat).get("/cases/statistics/").content.decode()
    assert "never the content of a case" in html
    assert not re.search(r"M[LX][OI]-20\d\d-\d{4}", html)
    assert "Test case" not in html


def test_chart_is_static_accessible_and_escaped():
    svg = charts.bar_chart("Requests <by> kind", ["<script>alert(1)</script>", "B & C"],
                           {"out": [1, 2], "in": [3, None]})
    assert svg.startswith("<svg") and "<script" not in svg
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "Requests &lt;by&gt; kind</title>" in svg
    assert "<desc" in svg and "&lt;script&gt;alert(1)&lt;/script&gt;: 1" in svg
    assert "B &amp; C" in svg
    line = charts.line_chart("Per month", ["2026-01", "2026-02"], {"x": [1, 2]})
    assert "<script" not in line and "Per month</title>" in line
    image = charts.as_image(svg, 'alt "text"')
    assert image.startswith('<img class="chart" src="data:image/svg+xml;base64,')
    assert 'alt="alt &quot;text&quot;"' in image
