"""Reads an uploaded workbook in one streaming pass, reporting every bad cell as 第N行 第X列：原因."""

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from tasks.choices import TaskStatus

from . import layout

MAX_ERRORS = 500
CENT = Decimal("0.01")
PROGRESS_EVERY = 2000
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_STATUS_BY_LABEL = {label: value for value, label in TaskStatus.choices}


class ErrorLog:
    """The errors found so far: every one counted, the first MAX_ERRORS kept."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.count = 0

    def add(self, sheet: str, row: int | None, column: int | None, reason: str) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append({"sheet": sheet, "row": row, "column": column, "reason": reason})

    def __bool__(self) -> bool:
        return self.count > 0


def error_message(error: dict) -> str:
    """`第N行 第X列：原因`, or the sheet's name when the problem is the whole sheet."""
    if error.get("row") and error.get("column"):
        return f"第{error['row']}行 第{get_column_letter(error['column'])}列：{error['reason']}"
    return f"工作表“{error['sheet']}”：{error['reason']}"


class SeenCodes:
    """The codes met so far in a sheet, each with the row it was first met on."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def first(self, code: str, number: int) -> int | None:
        """The row `code` was met on before, or None (and it is remembered as met here)."""
        earlier = self.rows.get(code)
        if earlier is None:
            self.rows[code] = number
        return earlier


class CodeBook:
    """The ids a region may report under codes such as ZB00042, and the row each was first met on.

    Two compact arrays (12 bytes an id) instead of a set and a dict of strings, so a 50,000-row
    upload costs the reader a few hundred kilobytes, not megabytes.
    """

    def __init__(self, prefix: str, ids: Iterable[int]) -> None:
        self.prefix = prefix
        self.ids = array("q", ids)  # ascending, as the caller's ORDER BY returns them
        self.rows = array("l", [0]) * len(self.ids)

    def position(self, code: str) -> int | None:
        """Where the code's id sits in the book, or None when the code is not one of its ids."""
        number = layout.parse_code(code, self.prefix)
        if number is None:
            return None
        position = bisect_left(self.ids, number)
        return position if position < len(self.ids) and self.ids[position] == number else None

    def first(self, code: str, number: int) -> int | None:
        position = self.position(code)
        if position is None:
            return None  # not the region's code: reported by the row's handler
        earlier = self.rows[position]
        if not earlier:
            self.rows[position] = number
        return earlier or None


class CellRefused(Exception):
    """A cell's value is refused; the message says why."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def checked_value(cell):
    """The cell's value, after refusing formulas and error values."""
    if cell.data_type == "f":
        raise CellRefused("不接受公式，请直接填写数值")
    if cell.data_type == "e":
        raise CellRefused(f"单元格为错误值 {cell.value}，请改正")
    return cell.value


def parse_number(cell, *, required: bool) -> Decimal | None:
    value = checked_value(cell)
    if is_blank(value):
        if required:
            raise CellRefused("必填，不能为空")
        return None
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        raise CellRefused("应填写数字")
    if isinstance(value, str):
        try:
            Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise CellRefused(f"应填写数字，实际为“{value.strip()[:20]}”") from None
        raise CellRefused(f"数字以文本形式填写（“{value.strip()[:20]}”），请改为数值格式")
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) > layout.VALUE_LIMIT:
        raise CellRefused(f"数值超出允许范围（绝对值不超过 {layout.VALUE_LIMIT:,}）")
    return number.quantize(Decimal("0.0001"))


def parse_text(cell, *, limit: int) -> str:
    value = checked_value(cell)
    if is_blank(value):
        return ""
    text = str(value).strip()
    if len(text) > limit:
        raise CellRefused(f"内容过长（{len(text)} 字），上限为 {limit} 字")
    return text


def whole_percent(label: str) -> Callable:
    """A parser of a required whole percentage, naming `label` when it is refused."""

    def parse(cell) -> int:
        number = parse_number(cell, required=True)
        if number != number.to_integral_value() or not 0 <= number <= 100:
            raise CellRefused(f"{label}应为 0 到 100 的整数")
        return int(number)

    return parse


parse_percent = whole_percent("完成进度")
percent = whole_percent("实物完成率")


def text(limit: int, *, required: bool = False) -> Callable:
    def parse(cell) -> str:
        value = parse_text(cell, limit=limit)
        if required and not value:
            raise CellRefused("必填，不能为空")
        return value

    return parse


def money(*, required: bool) -> Callable:
    """A parser of an amount in 万元: not negative, at most two decimals (blank is 0)."""

    def parse(cell) -> Decimal:
        value = parse_number(cell, required=required)
        if value is None:
            return CENT * 0
        if value < 0:
            raise CellRefused("不能为负数")
        if value > layout.MONEY_MAX:
            raise CellRefused(f"金额超出允许范围（不超过 {layout.MONEY_MAX:,}）")
        if value != value.quantize(CENT):
            raise CellRefused("金额最多保留两位小数")
        return value.quantize(CENT)

    return parse


def day(*, required: bool) -> Callable:
    def parse(cell) -> date | None:
        value = checked_value(cell)
        if is_blank(value):
            if required:
                raise CellRefused("必填，不能为空")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise CellRefused(f"应填写日期（如 2025-03-01），实际为“{str(value).strip()[:20]}”")

    return parse


def yes_no(cell) -> bool:
    value = checked_value(cell)
    value = "" if is_blank(value) else str(value).strip()
    if value not in (layout.YES, layout.NO):
        raise CellRefused(f"应填写“{layout.YES}”或“{layout.NO}”，实际为“{value[:20] or '空'}”")
    return value == layout.YES


# (column, parser) of a project update row, in the order of ProjectUpdate's fields.
PROJECT_PARSERS = (
    (layout.PRJ_STARTED, yes_no),
    (layout.PRJ_START_DATE, day(required=False)),
    (layout.PRJ_INVESTMENT, money(required=True)),
    (layout.PRJ_CUMULATIVE, money(required=True)),
    (layout.PRJ_PAID, money(required=False)),
    (layout.PRJ_PERCENT, percent),
    (layout.PRJ_PROBLEMS, text(layout.TEXT_MAX)),
)


def parse_status(cell) -> str:
    value = checked_value(cell)
    if is_blank(value):
        raise CellRefused("必填，不能为空")
    status = _STATUS_BY_LABEL.get(str(value).strip())
    if status is None:
        raise CellRefused(f"状态“{str(value).strip()[:20]}”无效，请从下拉列表中选择")
    return status


def number(*, required: bool) -> Callable:
    def parse(cell) -> Decimal | None:
        return parse_number(cell, required=required)

    return parse


# (column, parser) of an indicator row and of a task row, in the order the rows are written.
INDICATOR_PARSERS = (
    (layout.IND_VALUE, number(required=True)),
    (layout.IND_CUMULATIVE, number(required=True)),
    (layout.IND_LAST_YEAR, number(required=False)),
    (layout.IND_NOTE, text(layout.NOTE_MAX)),
)
TASK_PARSERS = (
    (layout.TASK_STATUS, parse_status),
    (layout.TASK_PERCENT, parse_percent),
    (layout.TASK_TEXT, text(layout.TEXT_MAX)),
)


class WorkbookReader:
    """One pass over an upload: meta, sheets, headers, merges, then every data row.

    Valid rows go to `on_indicator` / `on_task` / `on_project` as they are read; the caller
    writes them in one transaction and rolls back when `errors` is not empty at the end.
    `projects` maps the region's project codes to their ids; None when the workbook has no
    project sheet. `on_project` may raise ValidationError for the model's own rules, which are
    reported on the columns of the fields they name.
    """

    def __init__(
        self,
        *,
        source,
        region_code: str,
        period_key: str,
        targets: CodeBook,
        tasks: CodeBook,
        on_indicator: Callable[..., None],
        on_task: Callable[..., None],
        projects: dict[str, int] | None = None,
        on_project: Callable[..., None] = lambda project_id, *values: None,
        on_progress: Callable[[float], None] = lambda fraction: None,
    ) -> None:
        self.source = source
        self.region_code = region_code
        self.period_key = period_key
        self.targets = targets
        self.tasks = tasks
        self.on_indicator = on_indicator
        self.on_task = on_task
        self.projects = projects
        self.on_project = on_project
        self.on_progress = on_progress
        self.errors = ErrorLog()
        self.indicator_rows = 0
        self.task_rows = 0
        self.project_rows = 0

    def read(self) -> ErrorLog:
        workbook = load_workbook(self.source, read_only=True, data_only=False)
        try:
            if self._meta_ok(workbook):
                sheets = {}
                for name, *_ in self._plan():
                    if name in workbook.sheetnames:
                        sheets[name] = workbook[name]
                    elif name == layout.PROJECT_SHEET:
                        self.errors.add(
                            name,
                            None,
                            None,
                            "缺少该工作表：本县市区有重大项目需填报，请重新下载模板",
                        )
                    else:
                        self.errors.add(
                            name, None, None, "缺少该工作表（可能被删除或改名），请重新下载模板"
                        )
                if not self.errors:
                    self._read_sheets(sheets)
        finally:
            workbook.close()
        return self.errors

    def _meta_ok(self, workbook) -> bool:
        sheet_name = layout.META_SHEET
        if sheet_name not in workbook.sheetnames:
            self.errors.add(sheet_name, None, None, "缺少模板信息，请使用平台下载的模板填写")
            return False
        rows = list(
            workbook[sheet_name].iter_rows(min_row=1, max_row=len(layout.META_LABELS), max_col=2)
        )
        values = [str(row[1].value or "").strip() if len(row) > 1 else "" for row in rows]
        values += [""] * (len(layout.META_LABELS) - len(values))
        version, region_code, _, period, digest = values
        if version != layout.TEMPLATE_VERSION:
            self.errors.add(
                sheet_name,
                1,
                2,
                f"模板版本为“{version or '空'}”，当前版本为“{layout.TEMPLATE_VERSION}”，请重新下载模板",
            )
        elif region_code != self.region_code:
            self.errors.add(sheet_name, 2, 2, "这是其他县市区的模板，请下载并填写本县市区的模板")
        elif period != self.period_key:
            self.errors.add(
                sheet_name,
                4,
                2,
                f"模板所属月份为“{period or '空'}”，与本次上传的“{self.period_key}”不符",
            )
        elif digest != layout.checksum(version, region_code, period):
            self.errors.add(sheet_name, 5, 2, "模板信息校验失败（模板被改动），请重新下载模板")
        return not self.errors

    def _headers_ok(self, sheet, headers: tuple[str, ...]) -> bool:
        found = next(sheet.iter_rows(min_row=1, max_row=1, max_col=len(headers)), ())
        ok = True
        for column, expected in enumerate(headers, start=1):
            cell = found[column - 1] if column <= len(found) else None
            actual = "" if cell is None or cell.value is None else str(cell.value).strip()
            if actual != expected:
                self.errors.add(
                    sheet.title, 1, column, f"表头应为“{expected}”，实际为“{actual or '空'}”"
                )
                ok = False
        return ok

    def _merges(self, sheet) -> None:
        # Read-only mode does not expose merges; scan the sheet's XML for <mergeCell ref=…>.
        with sheet.parent._archive.open(sheet._worksheet_path) as xml:
            tail = b""
            while chunk := xml.read(1 << 20):
                data = tail + chunk
                for match in _MERGE.finditer(data):
                    min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                    if max_row >= 2:
                        self.errors.add(
                            sheet.title,
                            max(min_row, 2),
                            min_col,
                            f"数据区不能合并单元格（{match.group(1).decode()}），请取消合并",
                        )
                tail = data[-200:]

    def _plan(self) -> list[tuple]:
        """(sheet, headers, row handler, seen codes) of each data sheet the upload must have."""
        plan = [
            (layout.INDICATOR_SHEET, layout.INDICATOR_HEADERS, self._indicator_row, self.targets),
            (layout.TASK_SHEET, layout.TASK_HEADERS, self._task_row, self.tasks),
        ]
        if self.projects is not None:
            plan.append(
                (layout.PROJECT_SHEET, layout.PROJECT_HEADERS, self._project_row, SeenCodes())
            )
        return plan

    def _read_sheets(self, sheets: dict) -> None:
        plan = self._plan()
        declared = sum(max((sheets[name].max_row or 1) - 1, 1) for name, *_ in plan)
        self._done, self._total = 0, min(declared, len(plan) * layout.MAX_DATA_ROWS)
        for name, headers, handle, seen in plan:
            sheet = sheets[name]
            if not self._headers_ok(sheet, headers):
                continue
            self._merges(sheet)
            self._rows(sheet, headers, handle, seen)

    def _rows(self, sheet, headers: tuple[str, ...], handle, seen: SeenCodes | CodeBook) -> None:
        last = layout.MAX_DATA_ROWS + 2
        for number, cells in enumerate(
            sheet.iter_rows(min_row=2, max_row=last, max_col=len(headers)), start=2
        ):
            if number == last:
                self.errors.add(
                    sheet.title, number, 1, f"数据超过 {layout.MAX_DATA_ROWS} 行上限，已停止读取"
                )
                return
            self._done += 1
            if self._done % PROGRESS_EVERY == 0:
                self.on_progress(min(self._done / max(self._total, 1), 1.0))
            if all(is_blank(cell.value) for cell in cells):
                continue
            code = cells[0].value
            code = code.strip() if isinstance(code, str) else code
            if is_blank(code):
                self.errors.add(sheet.title, number, 1, "缺少代码，请勿删改代码列")
                continue
            code = str(code)
            earlier = seen.first(code, number)
            if earlier is not None:
                self.errors.add(sheet.title, number, 1, f"“{code}”重复出现（首次在第{earlier}行）")
                continue
            handle(sheet.title, number, code, cells)

    def _cells(self, sheet: str, number: int, parsers, cells) -> list | None:
        """The row's cells parsed by (column, parser); None when any is refused (all reported)."""
        values, ok = [], True
        for column, parse in parsers:
            try:
                values.append(parse(cells[column - 1]))
            except CellRefused as exc:
                self.errors.add(sheet, number, column, str(exc))
                ok = False
        return values if ok else None

    def _indicator_row(self, sheet: str, number: int, code: str, cells) -> None:
        position = self.targets.position(code)
        if position is None:
            self.errors.add(
                sheet, number, layout.IND_CODE, f"指标代码“{code[:20]}”不属于本县市区的报送指标"
            )
            return
        values = self._cells(sheet, number, INDICATOR_PARSERS, cells)
        if values is not None:
            self.indicator_rows += 1
            self.on_indicator(self.targets.ids[position], *values)

    def _task_row(self, sheet: str, number: int, code: str, cells) -> None:
        position = self.tasks.position(code)
        if position is None:
            self.errors.add(
                sheet, number, layout.TASK_CODE, f"任务代码“{code[:20]}”不属于本县市区的任务"
            )
            return
        values = self._cells(sheet, number, TASK_PARSERS, cells)
        if values is not None:
            self.task_rows += 1
            self.on_task(self.tasks.ids[position], *values)

    def _project_row(self, sheet: str, number: int, code: str, cells) -> None:
        project_id = self.projects.get(code)
        if project_id is None:
            self.errors.add(
                sheet, number, layout.PRJ_CODE, f"项目代码“{code[:40]}”不属于本县市区的重大项目"
            )
            return
        values = self._cells(sheet, number, PROJECT_PARSERS, cells)
        if values is None:
            return
        try:
            self.on_project(project_id, *values)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    column = layout.PROJECT_COLUMNS.get(name, layout.PRJ_CODE)
                    self.errors.add(sheet, number, column, message)
            return
        self.project_rows += 1
