"""The help text above each figure of the report form, in the page's language (issue 10)."""

from django.utils import translation

from tracker.models import Indicator
from tracker.report_form import indicator_help_text, value_form_field


def test_yes_no_help_text_names_the_choices_not_1_and_0(guideline):
    indicator = Indicator.objects.get(code="one_park_one_policy")
    with translation.override("zh-hans"):
        text = indicator_help_text(indicator)
        choices = [label for _value, label in value_form_field(indicator).choices]
    assert "1=是" not in text and "0=否" not in text
    assert "(是/否)" in text
    assert "是" in choices and "否" in choices


def test_help_text_is_english_in_english(guideline):
    indicator = Indicator.objects.get(code="one_park_one_policy")
    with translation.override("en"):
        text = indicator_help_text(indicator)
    assert "(yes or no)" in text
    assert "一园一策" not in text
