"""Bulletins and reviews as A4 PDFs (WeasyPrint, Noto CJK, page numbers, charts as PNG)."""

import base64
from collections.abc import Callable

from django.template.loader import render_to_string
from weasyprint import HTML

from .charts import chart_png
from .document import Document, bulletin_document, review_document
from .models import Bulletin, QuarterlyReview


def document_context(document: Document, chart_src: Callable[[str], str]) -> dict:
    """What the page and the PDF show; `chart_src(name)` says where each chart's image comes from."""
    return {
        "heading": document.heading,
        "sections": document.sections,
        "attachments": document.attachments,
        "charts": [
            {"caption": caption, "src": chart_src(name)}
            for name, caption in document.charts.items()
        ],
    }


def document_pdf(document: Document) -> bytes:
    """The PDF file of a document, charts inlined."""

    def inline(name: str) -> str:
        png = base64.b64encode(chart_png(document.data, name)).decode()
        return f"data:image/png;base64,{png}"

    html = render_to_string("bulletins/pdf.html", document_context(document, inline))
    return HTML(string=html).write_pdf()


def bulletin_context(bulletin: Bulletin, chart_src: Callable[[str], str]) -> dict:
    """The bulletin's page context (bench/bench_bulletin.py renders it)."""
    return document_context(bulletin_document(bulletin), chart_src)


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """The PDF file of a bulletin."""
    return document_pdf(bulletin_document(bulletin))


def review_pdf(review: QuarterlyReview) -> bytes:
    """The PDF file of a quarterly review."""
    return document_pdf(review_document(review))
