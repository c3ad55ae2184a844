"""The register and update workbooks: layout, export rows and the streaming import reader.

Uploads pass the county workbooks' checks (counties.safety.check_upload) and are read by the
county reader's streaming machinery, so errors read `第N行 第X列：原因` the same way.
"""

from collections.abc import Callable

from openpyxl import load_workbook

from counties import layout
from counties.reader import CellRefused, ErrorLog, SeenCodes, WorkbookReader, text

from .choices import ProjectCategory

REGISTER_SHEET = "项目库"
REGISTER_HEADERS = (
    "项目代码",
    "项目名称",
    "所属攻坚",
    "县市区",
    "项目类别",
    "责任单位",
    "责任领导",
    "计划总投资（万元）",
    "年度计划投资（万元）",
    "计划开工日期",
    "计划竣工日期",
    "到位中央资金（万元）",
    "到位省级资金（万元）",
)
UPDATE_SHEET = "项目进展"
# The update sheet has the columns, cell parsers and field mapping of the county workbook's
# project sheet (counties.layout, counties.reader), so a fortnight's updates read the same in both.
UPDATE_HEADERS = layout.PROJECT_HEADERS
UPDATE_COLUMNS = layout.PROJECT_COLUMNS
# The model field each column feeds, so a model validation error lands on its column.
REGISTER_COLUMNS = {
    "code": 1,
    "name": 2,
    "campaign": 3,
    "region": 4,
    "category": 5,
    "department": 6,
    "leader": 7,
    "total_investment": 8,
    "annual_investment": 9,
    "planned_start": 10,
    "planned_end": 11,
    "central_funds": 12,
    "provincial_funds": 13,
}
_CATEGORY_BY_LABEL = {label: value for value, label in ProjectCategory.choices}


def category(cell) -> str:
    value = text(20, required=True)(cell)
    if value not in _CATEGORY_BY_LABEL:
        raise CellRefused(f"项目类别“{value}”无效，应为：{'、'.join(_CATEGORY_BY_LABEL)}")
    return _CATEGORY_BY_LABEL[value]


def lookup(names: dict[str, object], what: str) -> Callable:
    """A parser turning a name into the object it names, refusing unknown names."""

    def parse(cell):
        value = text(100, required=True)(cell)
        if value not in names:
            raise CellRefused(f"{what}“{value}”不存在，请填写系统中的名称")
        return names[value]

    return parse


class SheetReader(WorkbookReader):
    """One data sheet read with the county reader's header, merge, row-limit and cell checks."""

    def __init__(self, *, source, sheet: str, headers: tuple[str, ...], on_row: Callable) -> None:
        self.source = source
        self.sheet = sheet
        self.headers = headers
        self.on_row = on_row
        self.on_progress = lambda fraction: None
        self.errors = ErrorLog()
        self._done, self._total = 0, 1

    def read(self) -> ErrorLog:
        workbook = load_workbook(self.source, read_only=True, data_only=False)
        try:
            if self.sheet not in workbook.sheetnames:
                self.errors.add(
                    self.sheet, None, None, "缺少该工作表（可能被删除或改名），请使用导出的模板"
                )
                return self.errors
            sheet = workbook[self.sheet]
            if self._headers_ok(sheet, self.headers):
                self._merges(sheet)
                self._rows(sheet, self.headers, self._row, SeenCodes())
        finally:
            workbook.close()
        return self.errors

    def _row(self, sheet: str, number: int, code: str, cells) -> None:
        self.on_row(number, code, cells)

    def parse(self, number: int, parsers: list[tuple[int, Callable]], cells) -> list | None:
        """The row's values by column, or None when any cell is refused (each is reported)."""
        return self._cells(self.sheet, number, parsers, cells)

    def refuse(self, number: int, column: int | None, reason: str) -> None:
        self.errors.add(self.sheet, number, column, reason)


def register_row(project) -> list:
    """A project as a row of the register sheet (the import's own format)."""
    return [
        project.code,
        project.name,
        project.campaign.name,
        project.region.name,
        project.get_category_display(),
        project.department.name,
        project.leader,
        project.total_investment,
        project.annual_investment,
        project.planned_start,
        project.planned_end,
        project.central_funds,
        project.provincial_funds,
    ]


def update_row(project, update) -> list:
    """A project's update of one fortnight as a row of the update sheet (blank when none)."""
    if update is None:
        return [project.code, project.name, "", None, None, None, None, None, ""]
    return [
        project.code,
        project.name,
        layout.YES if update.started else layout.NO,
        update.start_date,
        update.investment,
        update.cumulative_investment,
        update.funds_paid,
        update.physical_percent,
        update.problems,
    ]
