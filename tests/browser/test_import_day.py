"""An officer's spreadsheet day in Chromium (issue 10): from the admin's park-report list,
download the template for 2026 Q3 (open for 海珠区, and 琶洲's report is still missing in the
demo data), fill it in with openpyxl as Excel would, upload it, read the preview, confirm;
the figures land in the database, submitted for review."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parks.models import Park
from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tests.browser.steps import figures, follow, patient, report_of
from tracker.models import ParkReport, ReportingPeriod

pytestmark = pytest.mark.browser

LIST = "/admin/tracker/parkreport/"
FILLED = {"营收(产值)(亿元)": 1012.5, "数字经济核心产业营收(亿元)": 640, "5G网络覆盖率(%)": 95}


def fill_in(template, path):
    """The template as an officer fills it in: 琶洲's row, every figure, saved as .xlsx."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["园区代码", "园区名称", "期间"], headers
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[0].value, row[2].value) for row in rows] == [("pazhou", "2026Q3")]
    row = rows[0]
    for header, value in {**FILLED, "一园一策": "是"}.items():
        row[headers.index(header)].value = value
    workbook.save(path)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_officer_imports_a_quarter_from_the_template(browser, live_server, demo, width, tmp_path):
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    assert report_of("pazhou", 2026, 3) is None
    page = patient(signed_in(browser, live_server, "xiaohai", width))

    # The reports list, from the main navigation and the admin index.
    follow(page, "nav.main-nav a[href='/admin/']")
    follow(page, f"#content-main a[href='{LIST}']")
    look_at(page, "import-list", ["a.spreadsheet-template-link", "a.import_link"])

    # The template: choose the quarter, download, open with openpyxl.
    follow(page, "a.spreadsheet-template-link")
    look_at(page, "import-template", ["#id_period", "#content input[type=submit]"])
    page.select_option("#id_period", str(q3.pk))
    with page.expect_download() as download_info:
        page.click("#content input[type=submit]")
    download = download_info.value
    assert download.suggested_filename.startswith("park-figures-template-2026Q3")
    assert download.suggested_filename.endswith(".xlsx")
    filled = tmp_path / "琶洲-2026Q3.xlsx"
    fill_in(Path(download.path()).read_bytes(), filled)

    # Upload, ticking "import and submit"; the preview saves nothing.
    page.goto(f"{live_server.url}{LIST}")
    follow(page, "a.import_link")
    look_at(page, "import-upload", ["#id_import_file", "#id_submit", "#import-form [type=submit]"])
    page.set_input_files("#id_import_file", str(filled))
    page.check("#id_submit")
    follow(page, "#import-form [type=submit]")
    look_at(page, "import-preview", ["input[name=confirm]", "#import-preview"])
    assert (
        page.locator("#import-summary").inner_text().startswith("新增 1 行，修改 0 行，未变 0 行")
    )
    assert page.locator("#import-preview tbody tr").count() == 1
    row = page.locator("#import-preview tr.import-new")
    assert Park.objects.get(code="pazhou").name in row.inner_text()
    assert "1012.5" in row.inner_text()
    assert report_of("pazhou", 2026, 3) is None

    follow(page, "input[name=confirm]")
    look_at(page, "import-done", [".messagelist .success"])
    assert page.url.endswith(LIST)
    imported = report_of("pazhou", 2026, 3)
    assert imported.status == ParkReport.Status.SUBMITTED
    assert imported.submitted_by == demo["xiaohai"]
    assert figures(imported) == {
        "revenue": Decimal("1012.5"),
        "core_revenue": Decimal("640"),
        "coverage_5g": Decimal("95"),
        "one_park_one_policy": Decimal("1"),
    }
    page.context.close()
