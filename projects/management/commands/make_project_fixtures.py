"""Writes fixtures/projects/: a filled register and update workbook, one workbook per defect, hostile files.

The rows name the real reference data (衡阳 regions, departments and the 2025 plan's campaigns);
the update rows belong to project XM001, which the tests create.
"""

import io
import zipfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from projects.imports import REGISTER_HEADERS, REGISTER_SHEET, UPDATE_HEADERS, UPDATE_SHEET

OUT = Path(settings.BASE_DIR) / "fixtures" / "projects"


def register_row(**overrides) -> list:
    values = {
        "code": "XM101",
        "name": "雁峰区物流园",
        "campaign": "内需扩量提效攻坚",
        "region": "雁峰区",
        "category": "产业发展",
        "department": "市商务局",
        "leader": "市领导乙",
        "total": 20000,
        "annual": 5000,
        "start": date(2025, 4, 1),
        "end": date(2026, 6, 30),
        "central": 1000,
        "provincial": 200,
        **overrides,
    }
    return list(values.values())


def update_row(**overrides) -> list:
    values = {
        "code": "XM001",
        "name": "衡阳县产业园标准厂房",
        "started": "是",
        "start_date": date(2025, 3, 10),
        "investment": 300,
        "cumulative": 1200,
        "paid": 400,
        "percent": 30,
        "problems": "用地报批待协调",
        **overrides,
    }
    return list(values.values())


def workbook_bytes(sheet: str, headers, rows, change=None) -> bytes:
    """An .xlsx with one data sheet; `change(sheet)` applies a defect before saving."""
    workbook = Workbook()
    data = workbook.active
    data.title = sheet
    data.append(list(headers))
    for row in rows:
        data.append(list(row))
    if change:
        change(data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_bytes(rows, change=None) -> bytes:
    return workbook_bytes(REGISTER_SHEET, REGISTER_HEADERS, rows, change)


def updates_bytes(rows, change=None) -> bytes:
    return workbook_bytes(UPDATE_SHEET, UPDATE_HEADERS, rows, change)


def _cell(ref: str, value):
    def change(sheet):
        sheet[ref] = value

    return change


def _rename(sheet):
    sheet.title = "Sheet1"


def _merge(sheet):
    sheet.merge_cells("L2:M2")


def _number_as_text(sheet):
    sheet["H2"] = "20000"
    sheet["H2"].data_type = "s"


# name → (build, expected first message); every one leaves the database untouched.
DEFECTS = {
    "register-formula-cell": (
        lambda: register_bytes([register_row()], _cell("H2", "=1+1")),
        "第2行 第H列：不接受公式，请直接填写数值",
    ),
    "register-number-as-text": (
        lambda: register_bytes([register_row()], _number_as_text),
        "第2行 第H列：数字以文本形式填写（“20000”），请改为数值格式",
    ),
    "register-blank-required": (
        lambda: register_bytes([register_row(name=None)]),
        "第2行 第B列：必填，不能为空",
    ),
    "register-unknown-region": (
        lambda: register_bytes([register_row(region="火星区")]),
        "第2行 第D列：县市区“火星区”不存在，请填写系统中的名称",
    ),
    "register-unknown-category": (
        lambda: register_bytes([register_row(category="其它类")]),
        "第2行 第E列：项目类别“其它类”无效，应为：产业发展、城市承载、县域高质、文旅融合、其他",
    ),
    "register-negative-funds": (
        lambda: register_bytes([register_row(central=-5)]),
        "第2行 第L列：不能为负数",
    ),
    "register-too-many-decimals": (
        lambda: register_bytes([register_row(total=20000.125)]),
        "第2行 第H列：金额最多保留两位小数",
    ),
    "register-bad-date": (
        lambda: register_bytes([register_row(start="明年春天")]),
        "第2行 第J列：应填写日期（如 2025-03-01），实际为“明年春天”",
    ),
    "register-end-before-start": (
        lambda: register_bytes([register_row(end=date(2025, 1, 1))]),
        "第2行 第K列：计划竣工日期不能早于计划开工日期。",
    ),
    "register-annual-over-total": (
        lambda: register_bytes([register_row(annual=30000)]),
        "第2行 第I列：年度计划投资不能超过计划总投资。",
    ),
    "register-duplicate-code": (
        lambda: register_bytes([register_row(), register_row(name="重复")]),
        "第3行 第A列：“XM101”重复出现（首次在第2行）",
    ),
    "register-renamed-header": (
        lambda: register_bytes([register_row()], _cell("A1", "代码")),
        "第1行 第A列：表头应为“项目代码”，实际为“代码”",
    ),
    "register-merged-cells": (
        lambda: register_bytes([register_row()], _merge),
        "第2行 第L列：数据区不能合并单元格（L2:M2），请取消合并",
    ),
    "register-missing-sheet": (
        lambda: register_bytes([register_row()], _rename),
        "工作表“项目库”：缺少该工作表（可能被删除或改名），请使用导出的模板",
    ),
    "updates-unknown-project": (
        lambda: updates_bytes([update_row(code="XM999")]),
        "第2行 第A列：项目代码“XM999”不存在或不在您的填报范围内",
    ),
    "updates-bad-yes-no": (
        lambda: updates_bytes([update_row(started="开了")]),
        "第2行 第C列：应填写“是”或“否”，实际为“开了”",
    ),
    "updates-percent-out-of-range": (
        lambda: updates_bytes([update_row(percent=120)]),
        "第2行 第H列：实物完成率应为 0 到 100 的整数",
    ),
    "updates-start-date-when-not-started": (
        lambda: updates_bytes([update_row(started="否")]),
        "第2行 第D列：未开工的项目不应填写开工日期。",
    ),
    "updates-cumulative-below-period": (
        lambda: updates_bytes([update_row(investment=5000)]),
        "第2行 第F列：年度累计完成投资不能小于本期完成投资。",
    ),
}


def _million_rows() -> bytes:
    """A register whose sheet declares, and reaches, row 1,048,576."""
    last = get_column_letter(len(REGISTER_HEADERS))
    return register_bytes([register_row()], _cell(f"{last}1048576", "末行"))


def _malformed() -> bytes:
    """A register whose sheet XML is broken: passes the zip checks, fails while reading."""
    source = zipfile.ZipFile(io.BytesIO(register_bytes([register_row()])))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row r='2'><c"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Read past the zip checks, so refused while reading (the others: counties' hostile fixtures).
HOSTILE = {
    "million-rows": (_million_rows, "第60002行 第A列：数据超过 60000 行上限，已停止读取"),
    "malformed": (_malformed, "工作表“项目库”：文件无法读取：工作簿结构已损坏或含有不安全的内容"),
}


class Command(BaseCommand):
    help = "生成 fixtures/projects/ 下的项目库、项目进展样例与缺陷、恶意文件样例。"

    def handle(self, *args, **options) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "register-filled.xlsx").write_bytes(register_bytes([register_row()]))
        (OUT / "updates-filled.xlsx").write_bytes(updates_bytes([update_row()]))
        for name, (build, _) in DEFECTS.items():
            (OUT / f"defect-{name}.xlsx").write_bytes(build())
        for name, (build, _) in HOSTILE.items():
            (OUT / f"hostile-{name}.xlsx").write_bytes(build())
        self.stdout.write(f"已生成 {2 + len(DEFECTS) + len(HOSTILE)} 个样例文件：{OUT}")
