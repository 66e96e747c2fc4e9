"""The final assessment as files: a Word document laid out as a Chinese government report
(GB/T 9704: A4, 方正小标宋简体 title, 黑体 section headings 一、二、…, 仿宋_GB2312 body) and a
workbook of its tables."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from common.values import format_decimal, format_period

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# Fonts a machine without the GB/T 9704 ones substitutes (Word and LibreOffice read altName).
FALLBACKS = {TITLE_FONT: "华文中宋", HEADING_FONT: "SimHei", BODY_FONT: "仿宋"}
NUMERALS = "一二三四五六七八九十"
# Column widths (mm) of the sections' tables in the Word document; the rest share the width.
DOCX_WIDTHS = {
    1: [11, 33, 22, 18, 24, 24, 24],
    3: [12, 72, 36, 36],
    4: [36, 40, 24, 32, 24],
    5: [30, 16, 28, 38, 16, 14, 14],
}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _set_font(run, name, size):
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _declare_fallbacks(document):
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in FALLBACKS.items()
    )
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


def _paragraph(document, text, font=BODY_FONT, size=16, align=None, indent=True, bold=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)
    run = paragraph.add_run(text)
    run.bold = bold
    _set_font(run, font, size)
    return paragraph


def _table(document, header, rows, widths=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(str(text)), HEADING_FONT, 10.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 10.5)
    if widths:
        # Word reads each cell's width, LibreOffice the grid's; the type area is 156 mm (A4
        # less 28 + 26 mm margins).
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Mm(width)
    return table


def _section(document, number, title):
    _paragraph(document, f"{NUMERALS[number - 1]}、{title}", font=HEADING_FONT, indent=True)


def target_table(assessment):
    header = [
        _("No."),
        _("Target"),
        _("Deadline"),
        _("Scope"),
        _("Target value"),
        _("Outcome"),
        _("Detail"),
    ]
    rows = [
        [
            row.number,
            row.result.target.display_name,
            row.result.target.milestone.isoformat(),
            row.result.target.get_scope_display(),
            row.target_text,
            row.outcome_text,
            row.detail,
        ]
        for row in assessment.rows
    ]
    return header, rows


def park_table(assessment):
    header = [_("Park")] + [r.target.display_name for r in assessment.park_targets]
    rows = []
    for park, results in assessment.park_matrix():
        cells = [park.display_name]
        for result in results:
            figure = f"({result.actual_text})" if result.actual_text else ""
            cells.append(f"{result.outcome_label}{figure}")
        rows.append(cells)
    return header, rows


def ranking_table(assessment):
    revenue = _("Annual revenue")
    if assessment.revenue_unit:
        revenue = f"{revenue}({assessment.revenue_unit})"
    header = [_("Rank"), _("Park"), revenue, _("Levels reached")]
    rows = [
        [row.rank, row.park.display_name, format_decimal(row.value), row.levels or "–"]
        for row in assessment.ranking
    ]
    return header, rows


def level_lines(assessment):
    lines = []
    for level, unit, count, names, hidden in assessment.level_counts:
        text = _("≥ %(level)s %(unit)s: %(count)d parks") % {
            "level": format_decimal(level),
            "unit": unit,
            "count": count.count,
        }
        if names:
            text += f"({'、'.join(names)}"
            text += _(" and %(hidden)d in other districts)") % {"hidden": hidden} if hidden else ")"
        elif hidden:
            text += _("(%(hidden)d in other districts)") % {"hidden": hidden}
        lines.append(text)
    return lines


def evidence_table(assessment):
    header = [
        _("Park"),
        _("Chain-leader enterprises"),
        _("Upstream and downstream enterprises"),
        _("Key projects completed or in operation"),
        _("One-park-one-policy plan adopted"),
    ]
    rows = []
    for row in [*assessment.evidence, assessment.belt_evidence]:
        leaders = str(row.chain_leaders)
        if row.chain_leader_names:
            leaders += f"({'、'.join(row.chain_leader_names)})"
        projects = f"{row.projects_done}/{row.projects_total}"
        rows.append([row.name, leaders, row.partners, projects, row.one_park_one_policy])
    return header, rows


def reports_table(assessment):
    header = [
        _("Park"),
        _("Quarter"),
        _("Used for"),
        _("Figures"),
        _("Report status"),
        _("Approved by"),
        _("Approved at"),
    ]
    rows = []
    for used in assessment.reports:
        report = used.report
        reviewer = report.reviewed_by
        rows.append(
            [
                report.park.display_name,
                format_period(report.period.year, report.period.quarter),
                "；".join(used.why),
                "；".join(used.values),
                report.get_status_display(),
                (reviewer.get_full_name() or reviewer.username) if reviewer else "–",
                timezone.localtime(report.reviewed_at).strftime("%Y-%m-%d %H:%M")
                if report.reviewed_at
                else "–",
            ]
        )
    return header, rows


def sections(assessment):
    """(title, intro lines, (header, rows) or None) in the order page, document and workbook
    share."""
    return [
        (_("Overall result"), [assessment.summary], target_table(assessment)),
        (_("Park targets, park by park"), [], park_table(assessment)),
        (
            _("Parks' %(year)s revenue ranking") % {"year": assessment.ranking_year},
            level_lines(assessment),
            ranking_table(assessment),
        ),
        (_("Evidence for the targets without a number"), [], evidence_table(assessment)),
        (_("Figures used and their reports"), [], reports_table(assessment)),
    ]


def assessment_docx(assessment):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _declare_fallbacks(document)
    title = _("Final assessment of %(policy)s") % {"policy": assessment.policy}
    _paragraph(
        document, title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _paragraph(
        document,
        _("%(issuer)s · status on %(date)s")
        % {
            "issuer": assessment.policy.issuer,
            "date": assessment.progress.as_of.isoformat(),
        },
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    for number, (heading, lines, table) in enumerate(sections(assessment), start=1):
        _section(document, number, heading)
        for line in lines:
            _paragraph(document, line)
        if table is not None:
            _table(document, *table, widths=DOCX_WIDTHS.get(number))
    buffer = io.BytesIO()
    document.save(buffer)
    return _download(buffer.getvalue(), DOCX_TYPE, assessment, "docx")


def assessment_xlsx(assessment):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, (heading, lines, (header, rows)) in enumerate(sections(assessment), start=1):
        sheet = workbook.create_sheet(f"{NUMERALS[number - 1]}")
        sheet.append([f"{NUMERALS[number - 1]}、{heading}"])
        sheet["A1"].font = Font(bold=True)
        for line in lines:
            sheet.append([line])
        for row in [header, *rows]:
            sheet.append([value if isinstance(value, int) else str(value) for value in row])
            for cell in sheet[sheet.max_row]:
                # "= 100 %" is a target, not a formula: keep every text cell a string.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, assessment, "xlsx")


def _download(content, content_type, assessment, extension):
    response = HttpResponse(content, content_type=content_type)
    name = (
        f"assessment-{assessment.policy.code}-{assessment.progress.as_of.isoformat()}.{extension}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
