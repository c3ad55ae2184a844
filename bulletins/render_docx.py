"""Bulletins and reviews as Word documents in the official layout (小标宋 title, 仿宋 body, 黑体
headings)."""

import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .charts import chart_png
from .document import Document, Table, bulletin_document, review_document
from .models import Bulletin, QuarterlyReview

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "Noto Serif CJK SC"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"


def _font(run, name: str, size: float, bold: bool = False, fallback: str = "") -> None:
    """Set the run's Latin and east-Asian font, so Word shows the Chinese face."""
    run.font.name = fallback or name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, *, font: str = BODY_FONT, size: float = 16, **options):
    paragraph = document.add_paragraph()
    if options.get("center"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if options.get("indent"):
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    _font(run, font, size, bold=options.get("bold", False), fallback=options.get("fallback", ""))
    if options.get("red"):
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
    return paragraph


def _table(document, table: Table) -> None:
    _paragraph(document, table.caption, font=HEADING_FONT, size=12, center=True)
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 10.5)


def document_docx(document: Document) -> bytes:
    """The .docx file of a document."""
    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    heading = document.heading
    _paragraph(word, heading["number"], size=16, center=True)
    _paragraph(
        word,
        heading["title"],
        font=TITLE_FONT,
        size=22,
        center=True,
        red=True,
        fallback=TITLE_FALLBACK,
    )
    _paragraph(word, f"{heading['issuer']}　　{heading['date']}", size=16, center=True)
    if heading["correction"]:
        _paragraph(
            word,
            f"更正版（第{heading['version']}版），更正原因：{heading['correction']}",
            size=14,
            red=True,
        )
    for part in document.sections:
        _paragraph(word, part.heading, font=HEADING_FONT, size=16)
        for text in part.paragraphs:
            _paragraph(word, text, indent=True)
        for table in part.tables:
            _table(word, table)
    _paragraph(word, "附件", font=HEADING_FONT, size=16)
    for table in document.attachments:
        _table(word, table)
    for name, caption in document.charts.items():
        word.add_picture(io.BytesIO(chart_png(document.data, name)), width=Cm(15))
        _paragraph(word, caption, size=12, center=True)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The .docx file of a bulletin."""
    return document_docx(bulletin_document(bulletin))


def review_docx(review: QuarterlyReview) -> bytes:
    """The .docx file of a quarterly review."""
    return document_docx(review_document(review))
