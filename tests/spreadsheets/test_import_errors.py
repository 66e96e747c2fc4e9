"""The error list of a refused file: grouped by reason, at most ERRORS_SHOWN groups."""

from spreadsheets.importers.base import ERRORS_SHOWN, RowError, group_errors, row_ranges
from tests.spreadsheets.conftest import figures_snapshot, upload, xlsx_bytes

IMPORT = "admin:tracker_parkreport_import"


def test_row_ranges():
    assert row_ranges([2, 3, 4, 7, 9, 10]) == "2–4, 7, 9–10"
    assert row_ranges(range(2, 150_002)) == "2–150,001"
    assert row_ranges(range(2, 40, 2)) == "2, 4, 6, 8, 10, 12, …"


def test_problems_differing_only_in_their_value_share_a_group():
    errors = [
        RowError(n, "园区代码", f"junk{n}", f"在您可导入的园区中没有“junk{n}”。")
        for n in range(2, 6)
    ]
    errors.append(RowError(7, "期间", "x", "无法识别的期间“x”"))
    groups, not_shown = group_errors(errors)
    assert [(g.rows, g.column, g.value, g.message, g.count) for g in groups] == [
        ("2–5", "园区代码", "…", "在您可导入的园区中没有“…”。", 4),
        ("7", "期间", "x", "无法识别的期间“x”", 1),
    ]
    assert not_shown == 0


def test_at_most_the_first_groups_are_listed_and_the_rest_counted():
    errors = [RowError(n, f"列{n}", "", "错") for n in range(ERRORS_SHOWN + 50)]
    groups, not_shown = group_errors(errors)
    assert len(groups) == ERRORS_SHOWN and not_shown == 50


def test_the_page_of_many_bad_rows_is_short(haizhu_client, period):
    rows = [["园区代码", "期间", "revenue"]] + [[f"junk{n}", "2024Q3", "1"] for n in range(600)]
    before = figures_snapshot()
    response = upload(haizhu_client, IMPORT, xlsx_bytes(rows), "a.xlsx")
    assert figures_snapshot() == before
    html = response.content.decode()
    assert response.context["error_count"] == 600
    assert len(response.context["error_groups"]) == 1
    assert "2–601" in html and "在您可导入的园区中没有“…”。" in html and "(600 行)" in html
    assert "发现 600 个问题" in html
    assert html.count("<tr>") < 5
