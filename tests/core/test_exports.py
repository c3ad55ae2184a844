"""core.exports.xlsx_response: the one Excel writer every export uses."""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from core.exports import xlsx_response

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","点我")',
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
]


def _export(rows, **kwargs):
    defaults = {"filename": "测试导出.xlsx", "sheet_title": "任务清单", "headers": ["甲", "乙"]}
    return xlsx_response(**{**defaults, **kwargs}, rows=rows)


def _workbook(response):
    return openpyxl.load_workbook(BytesIO(response.content))


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_that_looks_like_a_formula_is_written_as_text(value):
    response = _export([[value, "安全"]])
    sheet = _workbook(response).active
    cell = sheet["A2"]
    assert cell.value == value
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when someone edits the cell
    xml = zipfile.ZipFile(BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    assert sheet["B2"].quotePrefix is False


def test_illegal_control_characters_are_dropped_and_what_remains_stays_text():
    sheet = _workbook(_export([["\x01=cmd|'/c calc'!A1", "正常\x07文本"]])).active
    assert sheet["A2"].value == "=cmd|'/c calc'!A1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "正常文本"


def test_dates_stay_dates_and_numbers_stay_numbers():
    moment = datetime(2025, 6, 30, 8, 0, tzinfo=ZoneInfo("UTC"))
    sheet = _workbook(
        _export(
            [[date(2025, 6, 30), Decimal("12.50"), 7, moment, None, True]], headers=list("abcdef")
        )
    ).active
    a, b, c, d, e, f = (sheet.cell(row=2, column=n) for n in range(1, 7))
    assert a.is_date and a.value.date() == date(2025, 6, 30)
    assert b.data_type == "n" and b.value == 12.5
    assert c.data_type == "n" and c.value == 7
    assert d.is_date and (d.value.date(), d.value.hour) == (date(2025, 6, 30), 16)  # Shanghai
    assert e.value is None and f.value is True


def test_header_is_bold_frozen_and_columns_are_wide_enough():
    sheet = _workbook(_export([["1", "2"]], headers=["编号", "牵头单位和责任单位"])).active
    assert [c.value for c in sheet[1]] == ["编号", "牵头单位和责任单位"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width >= 8
    assert sheet.title == "任务清单"


def test_chinese_filename_is_sent_per_rfc_5987_with_an_ascii_fallback():
    response = _export([], filename="内需扩量提效攻坚-任务清单-20250630.xlsx")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="export.xlsx"; ')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "内需扩量提效攻坚-任务清单-20250630.xlsx"
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_rows_are_consumed_lazily_from_any_iterable():
    rows = ([str(n), n] for n in range(2000))
    sheet = _workbook(_export(rows)).active
    assert sheet.max_row == 2001
    assert sheet["A2001"].value == "1999" and sheet["B2001"].value == 1999


def test_sheet_title_is_made_valid_for_excel():
    sheet = _workbook(_export([], sheet_title="清单/导出:2025?" + "长" * 40)).active
    assert "/" not in sheet.title and ":" not in sheet.title and len(sheet.title) <= 31
