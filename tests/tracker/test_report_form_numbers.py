"""The report form reads typed numbers with the spreadsheet import's parser
(common.values.parse_decimal): what an upload accepts, the form accepts, and the same
typos are refused, with the field's own message (issue 10, item 10)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from common.values import ParseError, parse_decimal
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportValue

ADD_URL = reverse("admin:tracker_parkreport_add")


def post_new(client, park, period, **figures):
    return client.post(
        ADD_URL, report_form_data(figures, park=park.pk, period=period.pk, _continue="1")
    )


def saved(code):
    return ReportValue.objects.get(indicator__code=code).value


@pytest.mark.parametrize(
    ("code", "typed", "stored"),
    [
        ("revenue", "1,234.5", Decimal("1234.5")),  # refused before, while the import took it
        ("revenue", "１２３４．５", Decimal("1234.5")),  # full-width digits from a Chinese IME
        ("revenue", " 1234.5\u200b", Decimal("1234.5")),  # pasted with invisible characters
        ("coverage_5g", "85%", Decimal("85")),  # a percentage may keep its sign
    ],
)
def test_form_accepts_what_the_import_accepts(haizhu_client, pazhou, quarter, code, typed, stored):
    figures = {code: typed}
    if code == "revenue":
        figures["core_revenue"] = "80"
    response = post_new(haizhu_client, pazhou, quarter, **figures)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert saved(code) == stored == parse_decimal(typed, percent_allowed=code == "coverage_5g")


@pytest.mark.parametrize(
    ("code", "typed"),
    [
        ("revenue", "1e5"),  # Decimal() would read it; the import refuses it
        ("revenue", "1,23.5"),  # badly grouped thousands
        ("revenue", "12%"),  # a percent sign on an amount of money
        ("revenue", "一百"),
    ],
)
def test_form_refuses_what_the_import_refuses(haizhu_client, pazhou, quarter, code, typed):
    with pytest.raises(ParseError):
        parse_decimal(typed, percent_allowed=False)
    response = post_new(haizhu_client, pazhou, quarter, **{code: typed})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[f"value_{code}"]
    assert errors == [f"“营收(产值)”的值“{typed}”不是数字。"]
    assert not ParkReport.objects.exists()


def test_unreadable_number_is_not_also_reported_missing(haizhu_client, pazhou, quarter):
    response = haizhu_client.post(
        ADD_URL,
        report_form_data({"revenue": "1e5"}, park=pazhou.pk, period=quarter.pk, _submit_report="1"),
    )
    errors = response.context["adminform"].form.errors["value_revenue"]
    assert len(errors) == 1 and "不是数字" in errors[0]
