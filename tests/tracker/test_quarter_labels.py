"""Quarter labels follow the user's language instead of the one active at import time."""

from django.utils import translation

from tracker.models import ReportingPeriod


def test_quarter_choices_are_translated_when_shown():
    field = ReportingPeriod._meta.get_field("quarter")
    with translation.override("en"):
        assert [str(label) for _q, label in field.choices] == ["Q1", "Q2", "Q3", "Q4"]
    with translation.override("zh-hans"):
        assert str(field.choices[0][1]) == "第1季度"
