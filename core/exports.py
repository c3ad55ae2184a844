"""Excel exports: one formula-safe writer used by every download in the platform."""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import PurePath
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text Excel would read as a formula (OWASP CSV injection) or that starts with a control character.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FONT = Font(bold=True)
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _display_width(text: str) -> int:
    """Columns a text takes in Excel: CJK and other wide characters count twice."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _cell(sheet, value) -> WriteOnlyCell:
    """A cell holding `value`: text never becomes a formula, dates stay dates, numbers numbers."""
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if value is None or isinstance(value, bool | int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=text)
    if is_formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def is_formula_like(value) -> bool:
    """Text that Excel would run as a formula, or that starts with a control character."""
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def set_text_cell(cell, value) -> None:
    """Write `value` into an ordinary openpyxl cell, keeping formula-like text as text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def attachment_header(filename: str) -> str:
    """Content-Disposition with an ASCII fallback and the real name per RFC 5987."""
    suffix = PurePath(filename).suffix
    fallback = filename if filename.isascii() else f"export{suffix}"
    fallback = fallback.replace("\\", "").replace('"', "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(
    *,
    filename: str,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] | None = None,
) -> HttpResponse:
    """An .xlsx download: bold frozen header, rows streamed in write-only mode, no formulas."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_FORBIDDEN.sub("", sheet_title)[:31] or "Sheet")
    for index, header in enumerate(headers, start=1):
        width = widths[index - 1] if widths else _display_width(str(header)) + 6
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = _cell(sheet, header)
        cell.font = _HEADER_FONT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response
