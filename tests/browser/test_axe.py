"""The axe check of look_at catches what it is there for, and only that."""

import pytest

from tests.browser.axe import serious_violations
from tests.browser.pages import DESKTOP, new_page

pytestmark = pytest.mark.browser

CLEAN = '<!DOCTYPE html><html lang="zh-CN"><head><title>页</title></head><body>{}</body></html>'


def rules(found):
    return sorted(line.split(" ")[0] for line in found)


def test_a_clean_page_passes_and_faults_are_named(browser):
    page = new_page(browser, DESKTOP)
    page.set_content(CLEAN.format("<main><h1>标题</h1><p>正文</p></main>"))
    assert serious_violations(page) == []
    page.set_content(
        CLEAN.format(
            '<main><h1>标题</h1><h3>跳级</h3><img src="data:,">'
            '<p style="color:#aaa;background:#fff">浅灰文字</p></main><p>地标之外</p>'
        )
    )
    found = serious_violations(page)
    assert rules(found) == ["color-contrast", "heading-order", "image-alt", "region"], found
    assert any("img" in line for line in found), found
