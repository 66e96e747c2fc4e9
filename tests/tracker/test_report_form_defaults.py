"""The add form of a park report: the officer's only park and the quarter due first are
preselected, only quarters still to report are offered, and a to-do link's ?park=&period=
prefills it unless the park is not the officer's."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from parks.models import Park
from tests.conftest import report_form_data
from tests.tracker.timeline import frozen, make, only_open, period

ADD_URL = reverse("admin:tracker_parkreport_add")


@pytest.fixture
def quarters(guideline):
    """2025 Q2 (due 2025-07-20) and Q3 (due 2025-10-20) open; every other period locked."""
    q2, q3 = period(2025, 2), period(2025, 3)
    only_open(q2, q3)
    return q2, q3


def open_form(client, **params):
    with frozen("2025-10-12"):
        response = client.get(ADD_URL, params)
    assert response.status_code == 200, response
    return response


def choices(response, name):
    """[(value, selected)] of the select `name`, as rendered."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="(\d+)"( selected)?', select)
    ]


def messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_one_park_and_the_quarter_due_first_are_preselected(haizhu_client, quarters, pazhou):
    q2, q3 = quarters
    response = open_form(haizhu_client)
    assert choices(response, "park") == [(str(pazhou.pk), True)]
    assert choices(response, "period") == [(str(q2.pk), True), (str(q3.pk), False)]


def test_a_quarter_already_reported_for_the_park_is_not_offered(haizhu_client, quarters, pazhou):
    q2, q3 = quarters
    make(pazhou, q2, "approved", submitted="2025-07-18")
    response = open_form(haizhu_client)
    assert choices(response, "period") == [(str(q3.pk), True)]


def test_locked_and_unopened_quarters_are_not_offered(haizhu_client, quarters):
    response = open_form(haizhu_client)
    offered = {int(value) for value, _selected in choices(response, "period")}
    assert offered == {quarter.pk for quarter in quarters}
    # 2025 Q4 exists but opens on 2026-01-01; the others are locked.
    assert period(2025, 4).pk not in offered


def test_several_parks_none_preselected_and_quarters_any_park_still_owes(huangpu_client, quarters):
    q2, q3 = quarters
    for park in Park.objects.filter(district__code="huangpu"):
        make(park, q2, "approved", submitted="2025-07-18")
    response = open_form(huangpu_client)
    assert not any(selected for _value, selected in choices(response, "park"))
    assert len(choices(response, "park")) == 3
    assert choices(response, "period") == [(str(q3.pk), True)]


def test_a_todo_link_prefills_park_and_quarter(huangpu_client, quarters, yuzhu_bay):
    q2, q3 = quarters
    make(yuzhu_bay, q2, "approved", submitted="2025-07-18")
    response = open_form(huangpu_client, park=yuzhu_bay.pk, period=q3.pk)
    assert (str(yuzhu_bay.pk), True) in choices(response, "park")
    # Only what this park still owes.
    assert choices(response, "period") == [(str(q3.pk), True)]
    assert messages(response) == []


def test_a_link_to_an_existing_report_opens_it(haizhu_client, quarters, pazhou):
    report = make(pazhou, quarters[0])
    with frozen("2025-10-12"):
        response = haizhu_client.get(ADD_URL, {"park": pazhou.pk, "period": quarters[0].pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tracker_parkreport_change", args=[report.pk])
    assert "已存在,已为您打开" in messages(response)[0]


def test_another_districts_park_in_the_link_is_refused_and_never_shown(
    haizhu_client, quarters, pazhou, yuzhu_bay
):
    q2, _q3 = quarters
    yuzhu_report = make(yuzhu_bay, q2, "submitted", submitted="2025-07-18")
    response = open_form(haizhu_client, park=yuzhu_bay.pk, period=q2.pk)
    html = response.content.decode()
    assert yuzhu_bay.name not in html
    assert reverse("admin:tracker_parkreport_change", args=[yuzhu_report.pk]) not in html
    assert messages(response) == ["链接中的园区不属于您负责填报的园区,请从列表中选择园区。"]
    # The officer's own park takes its place; the quarter stays as the link asked.
    assert choices(response, "park") == [(str(pazhou.pk), True)]
    assert (str(q2.pk), True) in choices(response, "period")


@pytest.mark.parametrize("park", ["abc", "999999", "-1"])
def test_a_park_that_is_no_number_or_does_not_exist_is_refused(haizhu_client, quarters, park):
    response = open_form(haizhu_client, park=park)
    assert messages(response) == ["链接中的园区不属于您负责填报的园区,请从列表中选择园区。"]


def test_a_locked_or_unknown_quarter_in_the_link_is_refused(haizhu_client, quarters, pazhou):
    locked = period(2024, 4)
    for value in (locked.pk, "999999", "x"):
        response = open_form(haizhu_client, park=pazhou.pk, period=value)
        assert messages(response) == ["链接中的季度未开放填报,请从列表中选择季度。"]
        # The quarter due first is offered instead.
        assert choices(response, "period")[0] == (str(quarters[0].pk), True)


def test_the_messages_in_english(haizhu_client, quarters, yuzhu_bay):
    haizhu_client.post(reverse("set_language"), {"language": "en", "next": ADD_URL})
    response = open_form(haizhu_client, park=yuzhu_bay.pk)
    assert messages(response) == [
        "The park in the link is not one you report for; choose a park from the list."
    ]


def test_every_open_quarter_reported_says_so(haizhu_client, quarters, pazhou):
    for quarter in quarters:
        make(pazhou, quarter, "approved", submitted="2025-07-18")
    response = open_form(haizhu_client)
    assert choices(response, "period") == []
    assert messages(response) == [f"{pazhou.name} 在所有开放的季度均已有报表。"]


def test_a_baseline_quarter_is_offered_but_not_preselected(haizhu_client, guideline):
    # 2022 Q2 fell due before the guideline was published (2022-09-04): nobody owes it.
    q2, q3 = period(2022, 2), period(2022, 3)
    only_open(q2, q3)
    with frozen("2022-11-01"):
        response = haizhu_client.get(ADD_URL)
    assert choices(response, "period") == [(str(q2.pk), False), (str(q3.pk), True)]


def test_a_posted_duplicate_still_gets_the_clear_message(haizhu_client, quarters, pazhou):
    q2, _q3 = quarters
    make(pazhou, q2)
    with frozen("2025-10-12"):
        response = haizhu_client.post(ADD_URL, report_form_data(park=pazhou.pk, period=q2.pk))
    assert response.status_code == 200
    assert "的报表已存在" in response.content.decode()
