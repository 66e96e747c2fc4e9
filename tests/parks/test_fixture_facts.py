"""What fixtures/guideline.json, as loaded, says about the guideline's parks."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from parks.models import District, IndustryDirection, KeyProject, Park

pytestmark = pytest.mark.usefixtures("guideline")


def test_twelve_parks_in_eight_districts():
    assert Park.objects.count() == 12
    assert District.objects.count() == 8
    assert set(District.objects.values_list("name", flat=True)) == {
        "越秀区",
        "天河区",
        "荔湾区",
        "黄埔区",
        "海珠区",
        "番禺区",
        "白云区",
        "南沙区",
    }


def test_total_area_is_81_87_km2():
    assert Park.objects.aggregate(total=Sum("area_km2"))["total"] == Decimal("81.87")


def test_two_cores_and_ten_zones():
    cores = set(Park.objects.filter(role=Park.Role.CORE).values_list("name", flat=True))
    assert cores == {"广州大学城", "广州西岸华为广州研发中心产业园"}
    assert Park.objects.filter(role=Park.Role.ZONE).count() == 10
    assert not Park.objects.filter(role=Park.Role.LINKED).exists()


def test_each_park_in_its_district():
    per_district = dict(District.objects.annotate(n=Count("parks")).values_list("code", "n"))
    assert per_district == {
        "huangpu": 3,
        "baiyun": 2,
        "panyu": 2,
        "haizhu": 1,
        "liwan": 1,
        "tianhe": 1,
        "nansha": 1,
        "yuexiu": 1,
    }
    assert Park.objects.get(name="广州人工智能与数字经济试验区琶洲核心区").district.name == "海珠区"
    assert Park.objects.get(name="广州大学城").district.name == "番禺区"
    assert Park.objects.get(name="粤港澳创新合作示范园").district.name == "南沙区"


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("广州人工智能与数字经济试验区琶洲核心区", "14.90"),
        ("广州大学城", "17.98"),
        ("广州国际科技创新城南岸起步区", "12.29"),
        ("广州五羊新城创新活力区", "1.02"),
    ],
)
def test_areas_as_the_text_gives_them(name, area):
    assert Park.objects.get(name=name).area_km2 == Decimal(area)


def test_industries_and_projects_as_listed():
    pazhou = Park.objects.get(code="pazhou")
    assert "移动互联网" in pazhou.industries.values_list("name", flat=True)
    assert pazhou.projects.filter(name="珠江科技创新园项目").exists()
    assert KeyProject.objects.filter(name="华为广州研发中心").get().park.role == Park.Role.CORE
    # The text names only encouraged directions.
    assert not IndustryDirection.objects.filter(kind=IndustryDirection.Kind.PRUDENT).exists()
    assert all(park.industries.exists() and park.projects.exists() for park in Park.objects.all())
    assert set(KeyProject.objects.values_list("status", flat=True)) == {"planned"}
