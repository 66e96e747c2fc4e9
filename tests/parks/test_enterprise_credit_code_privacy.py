"""A credit code registered in another district's park is never named or located for an
officer (issue 9, Build 1), by the add form, the change form, the model's own unique check,
the autocomplete, the search or the filters. Seen from 海珠's side; 黄埔 holds the code."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parks.models import Enterprise
from tests import factories

ADD_URL = reverse("admin:parks_enterprise_add")
CHANGELIST = reverse("admin:parks_enterprise_changelist")
ELSEWHERE = "统一社会信用代码 {code} 已在本区以外的园区登记,请联系市工信局。"
# What 海珠 must never see about 黄埔's enterprise.
SECRETS = ["鱼珠测试链主有限公司", "鱼珠湾", "黄埔"]


@pytest.fixture
def huangpu_firm(yuzhu_bay):
    return factories.enterprise(yuzhu_bay, name="鱼珠测试链主有限公司", role="chain_leader")


def enterprise_data(park, code, **changes):
    return {
        "name": "广州琶洲新企业有限公司",
        "credit_code": code,
        "park": park.pk,
        "role": "upstream",
        "industry_chain": "人工智能",
        "introduced_on": "2024-03-15",
        **changes,
    }


def assert_nothing_told(response):
    page = response.content.decode()
    for secret in SECRETS:
        assert secret not in page, secret


def credit_code_errors(response):
    return response.context["adminform"].form.errors["credit_code"]


def test_add_form_says_only_outside_your_district(haizhu_client, pazhou, huangpu_firm):
    response = haizhu_client.post(ADD_URL, enterprise_data(pazhou, huangpu_firm.credit_code))
    assert response.status_code == 200
    message = ELSEWHERE.format(code=huangpu_firm.credit_code)
    assert credit_code_errors(response) == [message]
    assert message in response.content.decode()
    assert_nothing_told(response)
    assert list(Enterprise.objects.values_list("name", flat=True)) == [huangpu_firm.name]


def test_add_form_in_english(haizhu_client, pazhou, huangpu_firm):
    haizhu_client.cookies["django_language"] = "en"
    response = haizhu_client.post(ADD_URL, enterprise_data(pazhou, huangpu_firm.credit_code))
    assert credit_code_errors(response) == [
        f"The unified social credit code {huangpu_firm.credit_code} is already registered "
        "in a park outside your district. Please contact the city bureau."
    ]
    assert_nothing_told(response)


def test_change_form_says_only_outside_your_district(haizhu_client, pazhou, huangpu_firm):
    own = factories.enterprise(pazhou)
    url = reverse("admin:parks_enterprise_change", args=[own.pk])
    data = enterprise_data(pazhou, huangpu_firm.credit_code, name=own.name)
    response = haizhu_client.post(url, data)
    assert response.status_code == 200
    assert credit_code_errors(response) == [ELSEWHERE.format(code=huangpu_firm.credit_code)]
    assert_nothing_told(response)
    own.refresh_from_db()
    assert own.credit_code != huangpu_firm.credit_code


def test_keeping_ones_own_code_is_no_conflict(haizhu_client, pazhou):
    own = factories.enterprise(pazhou)
    url = reverse("admin:parks_enterprise_change", args=[own.pk])
    response = haizhu_client.post(url, enterprise_data(pazhou, own.credit_code, role="downstream"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.role == "downstream"


def test_a_duplicate_in_ones_own_district_is_named(haizhu_client, pazhou):
    own = factories.enterprise(pazhou)
    response = haizhu_client.post(ADD_URL, enterprise_data(pazhou, own.credit_code))
    assert credit_code_errors(response) == [
        f"统一社会信用代码 {own.credit_code} 已登记为“{own.name}”(广州人工智能与数字经济试验区琶洲核心区)。"
    ]
    assert Enterprise.objects.count() == 1


def test_whoever_sees_all_districts_is_told_where(superuser_client, pazhou, huangpu_firm):
    response = superuser_client.post(ADD_URL, enterprise_data(pazhou, huangpu_firm.credit_code))
    [message] = credit_code_errors(response)
    assert "鱼珠测试链主有限公司" in message
    assert Enterprise.objects.count() == 1


def test_the_models_own_unique_check_names_no_one(pazhou, huangpu_firm):
    duplicate = Enterprise(
        name="x", credit_code=huangpu_firm.credit_code, park=pazhou, role="other"
    )
    with pytest.raises(ValidationError) as raised:
        duplicate.validate_unique()
    assert raised.value.message_dict == {
        "credit_code": ["该统一社会信用代码已登记。如该企业不在本区企业名录中,请联系市工信局。"]
    }


@pytest.mark.parametrize("term", ["credit_code", "鱼珠测试", "9144011"])
def test_autocomplete_finds_nothing_by_the_others_code_or_name(haizhu_client, huangpu_firm, term):
    term = huangpu_firm.credit_code if term == "credit_code" else term
    response = haizhu_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "parks", "model_name": "enterprise", "field_name": "park", "term": term},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []
    assert_nothing_told(response)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "CODE"},
        {"q": "鱼珠测试链主"},
        {"credit_code": "CODE"},
        {"credit_code__exact": "CODE"},
        {"park__id__exact": "PARK"},
        {"role__exact": "chain_leader"},
        {"introduced_on__year": "2023"},
    ],
)
def test_search_and_filters_find_nothing_of_the_other_district(
    haizhu_client, pazhou, huangpu_firm, query
):
    factories.enterprise(pazhou)  # so that an empty answer is not merely an empty register
    values = {
        key: value.replace("CODE", huangpu_firm.credit_code).replace(
            "PARK", str(huangpu_firm.park_id)
        )
        for key, value in query.items()
    }
    response = haizhu_client.get(CHANGELIST, values)
    assert response.status_code == 200
    assert huangpu_firm not in response.context["cl"].result_list
    assert_nothing_told(response)


def test_search_by_code_finds_ones_own_enterprise(haizhu_client, pazhou):
    own = factories.enterprise(pazhou)
    response = haizhu_client.get(CHANGELIST, {"q": own.credit_code})
    assert list(response.context["cl"].result_list) == [own]
