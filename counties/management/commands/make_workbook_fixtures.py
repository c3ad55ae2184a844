"""Writes fixtures/workbooks/: one workbook per defect the upload check refuses, one per hostile file.

The workbooks belong to a small fixed world (衡阳县, March 2025, targets and tasks with fixed ids,
two major projects reported for March's last fortnight) that tests/counties/conftest.py creates in
the database.
"""

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from openpyxl import load_workbook

from campaigns.models import Region
from reporting.models import Period

from ... import layout
from ...workbook import build_workbook

OUT = Path(settings.BASE_DIR) / "fixtures" / "workbooks"
REGION = {"code": "430421", "name": "衡阳县", "kind": "county"}
OTHER_REGION_CODE = "430422"
PERIOD_START = date(2025, 3, 1)
# (target id, name, unit, annual target); (task id, title)
TARGETS = (
    (910001, "规模以上工业增加值增速", "%", Decimal("7.5")),
    (910002, "社会消费品零售总额", "亿元", Decimal("320")),
    (910003, "新开工亿元以上项目", "个", Decimal("40")),
)
TASKS = ((920001, "推进产业园区标准厂房建设"), (920002, "开展消费促进月活动"))
FILLED = {910001: (7.1, 6.9, 7.0), 910002: (27.5, 80.2, 75.0), 910003: (4, 11, 9)}
# (code, name) of the region's projects, and one of the other region's.
PROJECTS = (("XM430421001", "衡阳县产业园标准厂房"), ("XM430421002", "衡阳县冷链物流中心"))
OTHER_PROJECT = ("XM430422001", "衡南县城区污水管网改造")
# March 2025's project sheet reports the last fortnight ending in March: the 6th, 12–25 March.
FORTNIGHT = {"start": date(2025, 3, 12), "end": date(2025, 3, 25), "label": "2025年第6期双周"}
# code → 是否开工, 开工日期, 本期完成投资, 年度累计完成投资, 累计支付资金, 实物完成率, 需协调解决的问题
FILLED_PROJECTS = {
    "XM430421001": ("是", date(2025, 3, 10), 300, 1200, 400, 30, "用地报批待协调"),
    "XM430421002": ("否", None, 0, 150.5, 0, 0, ""),
}


def blank_workbook() -> bytes:
    """The region's workbook as downloaded, nothing filled in yet."""
    region = Region(**REGION)
    period = Period(kind="month", start=PERIOD_START, label="2025年3月")
    return build_workbook(
        region=region,
        period=period,
        indicators=[
            (pk, name, unit, value, None, None, None, "") for pk, name, unit, value in TARGETS
        ],
        tasks=[(pk, title, "not_started", 0, "") for pk, title in TASKS],
        history=[],
        projects=[(code, name, "", None, None, None, None, None, "") for code, name in PROJECTS],
        fortnight=Period(kind="fortnight", **FORTNIGHT),
    )


def fill(content: bytes) -> object:
    """The workbook filled in the way a person does in Excel (numbers as numbers)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[layout.INDICATOR_SHEET]
    for row in range(2, sheet.max_row + 1):
        target_id = layout.parse_code(sheet.cell(row=row, column=1).value, "ZB")
        value, cumulative, last_year = FILLED[target_id]
        sheet.cell(row=row, column=layout.IND_VALUE, value=value)
        sheet.cell(row=row, column=layout.IND_CUMULATIVE, value=cumulative)
        sheet.cell(row=row, column=layout.IND_LAST_YEAR, value=last_year)
    tasks = workbook[layout.TASK_SHEET]
    for row in range(2, tasks.max_row + 1):
        tasks.cell(row=row, column=layout.TASK_STATUS, value="推进中")
        tasks.cell(row=row, column=layout.TASK_PERCENT, value=40)
        tasks.cell(row=row, column=layout.TASK_TEXT, value="厂房主体已封顶")
    projects = workbook[layout.PROJECT_SHEET]
    for row in range(2, projects.max_row + 1):
        values = FILLED_PROJECTS[projects.cell(row=row, column=layout.PRJ_CODE).value]
        for column, value in enumerate(values, start=layout.PRJ_STARTED):
            projects.cell(row=row, column=column, value=value)
    return workbook


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _defect(change) -> bytes:
    workbook = fill(blank_workbook())
    change(workbook)
    return _save(workbook)


def _set(sheet: str, ref: str, value):
    def change(workbook):
        workbook[sheet][ref] = value

    return change


def _merge(sheet: str, cells: str):
    def change(workbook):
        workbook[sheet].merge_cells(cells)

    return change


def _copy_code(sheet: str, source: str, target: str):
    """Repeat a row's code further down: the same row twice."""

    def change(workbook):
        workbook[sheet][target] = workbook[sheet][source].value

    return change


# name → (change, expected (sheet, message)); tests assert each message exactly.
DEFECTS = {
    "wrong-version": (
        _set(layout.META_SHEET, "B1", "2025.1"),
        (layout.META_SHEET, "第1行 第B列：模板版本为“2025.1”，当前版本为“2025.2”，请重新下载模板"),
    ),
    "wrong-region": (
        _set(layout.META_SHEET, "B2", OTHER_REGION_CODE),
        (layout.META_SHEET, "第2行 第B列：这是其他县市区的模板，请下载并填写本县市区的模板"),
    ),
    "wrong-period": (
        _set(layout.META_SHEET, "B4", "2025-02"),
        (layout.META_SHEET, "第4行 第B列：模板所属月份为“2025-02”，与本次上传的“2025-03”不符"),
    ),
    "tampered-checksum": (
        _set(layout.META_SHEET, "B5", "0" * 20),
        (layout.META_SHEET, "第5行 第B列：模板信息校验失败（模板被改动），请重新下载模板"),
    ),
    "missing-sheet": (
        lambda workbook: workbook.remove(workbook[layout.TASK_SHEET]),
        (layout.TASK_SHEET, "工作表“任务”：缺少该工作表（可能被删除或改名），请重新下载模板"),
    ),
    "renamed-header": (
        _set(layout.INDICATOR_SHEET, "C1", "计量单位"),
        (layout.INDICATOR_SHEET, "第1行 第C列：表头应为“单位”，实际为“计量单位”"),
    ),
    "formula-cell": (
        _set(layout.INDICATOR_SHEET, "E2", "=F2/3"),
        (layout.INDICATOR_SHEET, "第2行 第E列：不接受公式，请直接填写数值"),
    ),
    "error-cell": (
        _set(layout.INDICATOR_SHEET, "F3", "#DIV/0!"),
        (layout.INDICATOR_SHEET, "第3行 第F列：单元格为错误值 #DIV/0!，请改正"),
    ),
    "number-as-text": (
        _set(layout.INDICATOR_SHEET, "F4", "11"),
        (layout.INDICATOR_SHEET, "第4行 第F列：数字以文本形式填写（“11”），请改为数值格式"),
    ),
    "blank-required": (
        _set(layout.INDICATOR_SHEET, "E3", None),
        (layout.INDICATOR_SHEET, "第3行 第E列：必填，不能为空"),
    ),
    "out-of-range": (
        _set(layout.TASK_SHEET, "D2", 150),
        (layout.TASK_SHEET, "第2行 第D列：完成进度应为 0 到 100 的整数"),
    ),
    "value-too-large": (
        _set(layout.INDICATOR_SHEET, "E2", 5 * 10**12),
        (layout.INDICATOR_SHEET, "第2行 第E列：数值超出允许范围（绝对值不超过 1,000,000,000,000）"),
    ),
    "invalid-status": (
        _set(layout.TASK_SHEET, "C3", "进行中"),
        (layout.TASK_SHEET, "第3行 第C列：状态“进行中”无效，请从下拉列表中选择"),
    ),
    "duplicate-row": (
        _copy_code(layout.INDICATOR_SHEET, "A2", "A4"),
        (layout.INDICATOR_SHEET, "第4行 第A列：“ZB910001”重复出现（首次在第2行）"),
    ),
    "merged-cells": (
        _merge(layout.INDICATOR_SHEET, "H2:H3"),
        (layout.INDICATOR_SHEET, "第2行 第H列：数据区不能合并单元格（H2:H3），请取消合并"),
    ),
}


# The project sheet's defects (row 2 is XM430421001, started; row 3 XM430421002, not started).
PROJECT_DEFECTS = {
    "project-unknown-code": (
        _set(layout.PROJECT_SHEET, "A2", "XM999999"),
        (layout.PROJECT_SHEET, "第2行 第A列：项目代码“XM999999”不属于本县市区的重大项目"),
    ),
    "project-other-region": (
        _set(layout.PROJECT_SHEET, "A3", OTHER_PROJECT[0]),
        (
            layout.PROJECT_SHEET,
            f"第3行 第A列：项目代码“{OTHER_PROJECT[0]}”不属于本县市区的重大项目",
        ),
    ),
    "project-duplicate-row": (
        _copy_code(layout.PROJECT_SHEET, "A2", "A3"),
        (layout.PROJECT_SHEET, "第3行 第A列：“XM430421001”重复出现（首次在第2行）"),
    ),
    "project-invalid-started": (
        _set(layout.PROJECT_SHEET, "C2", "已开工"),
        (layout.PROJECT_SHEET, "第2行 第C列：应填写“是”或“否”，实际为“已开工”"),
    ),
    "project-percent-out-of-range": (
        _set(layout.PROJECT_SHEET, "H2", 120),
        (layout.PROJECT_SHEET, "第2行 第H列：实物完成率应为 0 到 100 的整数"),
    ),
    "project-merged-cells": (
        _merge(layout.PROJECT_SHEET, "I2:I3"),
        (layout.PROJECT_SHEET, "第2行 第I列：数据区不能合并单元格（I2:I3），请取消合并"),
    ),
    "project-formula-cell": (
        _set(layout.PROJECT_SHEET, "G2", "=E2*2"),
        (layout.PROJECT_SHEET, "第2行 第G列：不接受公式，请直接填写数值"),
    ),
    "project-number-as-text": (
        _set(layout.PROJECT_SHEET, "E2", "300"),
        (layout.PROJECT_SHEET, "第2行 第E列：数字以文本形式填写（“300”），请改为数值格式"),
    ),
    "project-blank-required": (
        _set(layout.PROJECT_SHEET, "F3", None),
        (layout.PROJECT_SHEET, "第3行 第F列：必填，不能为空"),
    ),
    "project-negative-amount": (
        _set(layout.PROJECT_SHEET, "G2", -5),
        (layout.PROJECT_SHEET, "第2行 第G列：不能为负数"),
    ),
    "project-invalid-date": (
        _set(layout.PROJECT_SHEET, "D2", "三月十日"),
        (layout.PROJECT_SHEET, "第2行 第D列：应填写日期（如 2025-03-01），实际为“三月十日”"),
    ),
    "project-started-without-date": (
        _set(layout.PROJECT_SHEET, "D2", None),
        (layout.PROJECT_SHEET, "第2行 第D列：已开工的项目须填写开工日期。"),
    ),
    "project-start-after-fortnight": (
        _set(layout.PROJECT_SHEET, "D2", date(2025, 3, 28)),
        (layout.PROJECT_SHEET, "第2行 第D列：开工日期不能晚于本期截止日（2025-03-25）。"),
    ),
    "project-cumulative-below-period": (
        _set(layout.PROJECT_SHEET, "F2", 100),
        (layout.PROJECT_SHEET, "第2行 第F列：年度累计完成投资不能小于本期完成投资。"),
    ),
    "project-missing-sheet": (
        lambda workbook: workbook.remove(workbook[layout.PROJECT_SHEET]),
        (
            layout.PROJECT_SHEET,
            "工作表“重大项目”：缺少该工作表：本县市区有重大项目需填报，请重新下载模板",
        ),
    ),
}


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _million_rows() -> bytes:
    """A valid workbook whose indicator sheet declares, and reaches, row 1,048,576."""
    workbook = fill(blank_workbook())
    workbook[layout.INDICATOR_SHEET]["H1048576"] = "末行"
    return _save(workbook)


def _with_macro() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(fill_bytes()))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 512
    return _zip(members)


def fill_bytes() -> bytes:
    return _save(fill(blank_workbook()))


# name → (file name, content, expected message); refused before openpyxl opens the file,
# except the million-row one, which is refused while reading with explicit bounds.
HOSTILE = {
    "zip-bomb": (
        "zip-bomb.xlsx",
        lambda: _zip(
            {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * 50_000_000}
        ),
        "工作簿压缩比异常（疑似压缩炸弹），已拒绝。",
    ),
    "renamed-exe": (
        "renamed-exe.xlsx",
        lambda: b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 8,
        "文件内容不是 .xlsx 工作簿（可能是改了扩展名的其他文件）。",
    ),
    "macro-xlsm": (
        "macro.xlsm",
        _with_macro,
        "不接受含宏的工作簿（.xlsm 等），请另存为 .xlsx 后上传。",
    ),
    "macro-renamed": (
        "macro-renamed.xlsx",
        _with_macro,
        "工作簿含有宏代码，已拒绝；请另存为不含宏的 .xlsx 后上传。",
    ),
    "million-rows": (
        "million-rows.xlsx",
        _million_rows,
        "第60002行 第A列：数据超过 60000 行上限，已停止读取",
    ),
}


class Command(BaseCommand):
    help = "生成 fixtures/workbooks/ 下的缺陷样例与恶意文件样例。"

    def handle(self, *args, **options) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "filled.xlsx").write_bytes(fill_bytes())
        defects = {**DEFECTS, **PROJECT_DEFECTS}
        for name, (change, _) in defects.items():
            (OUT / f"defect-{name}.xlsx").write_bytes(_defect(change))
        for filename, build, _ in HOSTILE.values():
            (OUT / f"hostile-{filename}").write_bytes(build())
        self.stdout.write(f"已生成 {1 + len(defects) + len(HOSTILE)} 个样例文件：{OUT}")
