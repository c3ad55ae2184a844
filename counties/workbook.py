"""Builds a region's pre-filled workbook and the annotated copy of a rejected upload."""

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import set_text_cell
from tasks.choices import TaskStatus

from . import layout

_HEADER_FONT = Font(bold=True)
# Text Excel would read as a formula (OWASP CSV injection), as in core.exports.
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")

INSTRUCTIONS = (
    "七大攻坚 县市区月度报表 填报说明",
    "",
    "1. 本工作簿由平台按县市区和月份生成，请勿修改工作表名称、表头和“指标代码”“任务代码”列。",
    "2. 只需填写淡黄色单元格：指标表的本期值、累计值（必填）、上年同期、备注；任务表的状态（下拉选择）、完成进度（0—100 的整数，必填）、工作进展。",
    "3. 请直接填写数字，不要输入公式，不要把数字设为文本格式，不要合并单元格。",
    "4. 同一指标、同一任务只能出现一次；不要增加或删除行。",
    "5. “往月数据”表列出本年已报送的往月数据，仅供参考，无需填写。",
    "6. 填好后在平台“县市区报送”页面上传；有错误时平台会逐条列出“第N行 第X列：原因”，并可下载标出错误单元格的副本，改正后重新上传。",
    "7. 同一月份可多次上传，以最后一次通过校验的为准；总专班采纳后即锁定，如需修改请联系总专班退回。",
    "8. 有重大项目的县市区另有“重大项目”表。项目按双周调度，月度报表填报截止日落在本月内的最后一个双周（具体期次见本页末行）；"
    "是否开工（下拉选择“是”或“否”）、本期完成投资、年度累计完成投资、实物完成率（0—100 的整数）必填，"
    "已开工的须填写开工日期（不晚于该期截止日），未开工的不填；金额单位为万元，不能为负数，最多两位小数，"
    "年度累计完成投资不能小于本期完成投资。表中预填截至该期本年最近一次填报的数据，本期完成投资只在该期已填报时预填。",
)


def _header(sheet, headers: Iterable[str], widths: Iterable[int]) -> None:
    sheet.append(list(headers))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = _HEADER_FONT
    sheet.freeze_panes = "A2"


def _append(sheet, row: int, values: Iterable) -> None:
    """Write row `row`; text that Excel would run as a formula stays text."""
    for column, value in enumerate(values, start=1):
        set_text_cell(sheet.cell(row=row, column=column), value)


def _protect(sheet) -> None:
    # Locks structure against accidental edits; it is no security boundary (the reader re-checks).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _unlock(sheet, columns: Iterable[int], last_row: int) -> None:
    for column in columns:
        for row in range(2, last_row + 1):
            cell = sheet.cell(row=row, column=column)
            cell.protection = _UNLOCKED
            cell.fill = _INPUT_FILL


def _rule(sheet, rule: DataValidation, columns: Iterable[int], last_row: int) -> None:
    """Apply `rule` to the data rows of `columns`."""
    rule.allow_blank = True
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    for column in columns:
        letter = get_column_letter(column)
        rule.add(f"{letter}2:{letter}{max(last_row, 2)}")


def _number_rule(
    sheet,
    columns: Iterable[int],
    last_row: int,
    *,
    low: int | Decimal = -layout.VALUE_LIMIT,
    high: int | Decimal = layout.VALUE_LIMIT,
    whole: bool = False,
) -> None:
    rule = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        errorTitle="数值有误",
        error=f"请输入 {low} 到 {high} 之间的{'整数' if whole else '数字'}。",
    )
    _rule(sheet, rule, columns, last_row)


def _list_rule(sheet, labels: Iterable[str], column: int, last_row: int, *, what: str) -> None:
    rule = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        errorTitle=f"{what}有误",
        error=f"请从下拉列表中选择{what}。",
    )
    _rule(sheet, rule, (column,), last_row)


def _project_sheet(workbook, projects: list[tuple], fortnight) -> None:
    """The 重大项目 sheet: code and name locked, the fortnight's update fields as inputs."""
    sheet = workbook.create_sheet(layout.PROJECT_SHEET)
    _header(sheet, layout.PROJECT_HEADERS, (14, 36, 10, 13, 14, 16, 14, 12, 50))
    last = 1
    for last, row in enumerate(projects, start=2):
        _append(sheet, last, row)
        sheet.cell(row=last, column=layout.PRJ_START_DATE).number_format = "yyyy-mm-dd"
    _unlock(sheet, layout.PROJECT_INPUTS, last)
    _list_rule(sheet, (layout.YES, layout.NO), layout.PRJ_STARTED, last, what="是否开工")
    end = fortnight.end
    started = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1990,1,1)",
        formula2=f"DATE({end.year},{end.month},{end.day})",
        errorTitle="开工日期有误",
        error=f"请输入日期（如 {end:%Y-%m-%d}），不晚于本期截止日 {end:%Y-%m-%d}。",
    )
    _rule(sheet, started, (layout.PRJ_START_DATE,), last)
    _number_rule(sheet, layout.PRJ_MONEY, last, low=0, high=layout.MONEY_MAX)
    _number_rule(sheet, (layout.PRJ_PERCENT,), last, low=0, high=100, whole=True)
    problems = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(layout.TEXT_MAX),
        errorTitle="内容过长",
        error=f"需协调解决的问题不超过 {layout.TEXT_MAX} 字。",
    )
    _rule(sheet, problems, (layout.PRJ_PROBLEMS,), last)
    _protect(sheet)


def build_workbook(
    *,
    region,
    period,
    indicators: Iterable[tuple],
    tasks: Iterable[tuple],
    history: Iterable[tuple],
    projects: Iterable[tuple] = (),
    fortnight=None,
) -> bytes:
    """The .xlsx of one region and month.

    `indicators`: (target_id, name, unit, annual target, value, cumulative, last year, note);
    `tasks`: (task_id, title, status, percent, text); `history`: earlier months' rows;
    `projects`: rows of the 重大项目 sheet as in layout.PROJECT_HEADERS, for `fortnight` (the
    sheet is left out when there are none).
    """
    projects = list(projects)
    workbook = Workbook()
    intro = workbook.active
    intro.title = layout.INSTRUCTIONS_SHEET
    intro.column_dimensions["A"].width = 110
    for line in INSTRUCTIONS:
        intro.append([line])
    intro.append([])
    intro.append(
        [
            f"县市区：{region.name}    报送月份：{period.label}    模板版本：{layout.TEMPLATE_VERSION}"
        ]
    )
    if projects:
        intro.append(
            [
                f"重大项目表对应双周：{fortnight.label}"
                f"（{fortnight.start:%Y-%m-%d} 至 {fortnight.end:%Y-%m-%d}）"
            ]
        )
    intro["A1"].font = Font(bold=True, size=14)
    _protect(intro)

    sheet = workbook.create_sheet(layout.INDICATOR_SHEET)
    _header(sheet, layout.INDICATOR_HEADERS, (12, 40, 10, 14, 14, 14, 14, 30))
    last = 1
    for last, (target_id, *rest) in enumerate(indicators, start=2):
        _append(sheet, last, [layout.indicator_code(target_id), *rest])
    _unlock(sheet, layout.INDICATOR_INPUTS, last)
    _number_rule(sheet, (layout.IND_VALUE, layout.IND_CUMULATIVE, layout.IND_LAST_YEAR), last)
    _protect(sheet)

    sheet = workbook.create_sheet(layout.TASK_SHEET)
    _header(sheet, layout.TASK_HEADERS, (12, 50, 12, 14, 60))
    labels = dict(TaskStatus.choices)
    last = 1
    for last, (task_id, title, status, percent, text) in enumerate(tasks, start=2):
        row = [layout.task_code(task_id), title, labels.get(status, ""), percent, text]
        _append(sheet, last, row)
    _unlock(sheet, layout.TASK_INPUTS, last)
    _list_rule(sheet, labels.values(), layout.TASK_STATUS, last, what="状态")
    _number_rule(sheet, (layout.TASK_PERCENT,), last, low=0, high=100, whole=True)
    _protect(sheet)

    if projects:
        _project_sheet(workbook, projects, fortnight)

    sheet = workbook.create_sheet(layout.HISTORY_SHEET)
    _header(sheet, layout.HISTORY_HEADERS, (12, 40, 10, 14, 14, 14))
    for row, (target_id, *rest) in enumerate(history, start=2):
        _append(sheet, row, [layout.indicator_code(target_id), *rest])
    _protect(sheet)

    meta = workbook.create_sheet(layout.META_SHEET)
    key = layout.period_key(period)
    values = (
        layout.TEMPLATE_VERSION,
        region.code,
        region.name,
        key,
        layout.checksum(layout.TEMPLATE_VERSION, region.code, key),
    )
    for label, value in zip(layout.META_LABELS, values, strict=True):
        meta.append([label, value])
    meta.sheet_state = "veryHidden"
    _protect(meta)

    workbook.active = 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annotate_workbook(*, source, errors: list[dict]) -> bytes:
    """A copy of the uploaded workbook with each bad cell filled red and commented."""
    workbook = load_workbook(source)
    for error in errors:
        if error.get("sheet") not in workbook.sheetnames or not error.get("row"):
            continue
        sheet = workbook[error["sheet"]]
        cell = sheet.cell(row=error["row"], column=error.get("column") or 1)
        if type(cell).__name__ == "MergedCell":  # only a merge's first cell can hold a note
            continue
        cell.fill = _ERROR_FILL
        note = error["reason"]
        if cell.comment is not None:
            note = f"{cell.comment.text}\n{note}"
        cell.comment = Comment(note, "七大攻坚调度平台", width=300, height=120)
        cell.alignment = _WRAP
    summary = workbook.create_sheet("错误清单", 0)
    summary.append(["工作表", "行", "列", "问题"])
    for index in range(1, 5):
        summary.cell(row=1, column=index).font = _HEADER_FONT
    summary.column_dimensions["D"].width = 80
    for error in errors:
        column = error.get("column")
        summary.append(
            [
                error.get("sheet", ""),
                error.get("row"),
                get_column_letter(column) if column else "",
                error["reason"],
            ]
        )
    workbook.active = 0
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
