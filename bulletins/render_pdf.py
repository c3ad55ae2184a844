"""The bulletin as an A4 PDF (WeasyPrint, Noto CJK, page numbers, charts as PNG)."""

import base64

from django.template.loader import render_to_string
from weasyprint import HTML

from .charts import chart_png
from .document import bulletin_attachments, bulletin_heading, bulletin_sections
from .models import Bulletin

CHART_CAPTIONS = {
    "targets": "图1：总体目标完成与时序进度对比",
    "campaigns": "图2：各专班攻坚目标与时序进度",
}


def bulletin_context(bulletin: Bulletin, chart_src) -> dict:
    """What the page and the PDF show; `chart_src(name)` says where each chart's image comes from."""
    return {
        "heading": bulletin_heading(bulletin),
        "sections": bulletin_sections(bulletin),
        "attachments": bulletin_attachments(bulletin),
        "charts": [
            {"caption": caption, "src": chart_src(name)} for name, caption in CHART_CAPTIONS.items()
        ],
    }


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """The PDF file of a bulletin."""

    def inline(name: str) -> str:
        png = base64.b64encode(chart_png(bulletin.data, name)).decode()
        return f"data:image/png;base64,{png}"

    html = render_to_string("bulletins/pdf.html", bulletin_context(bulletin, inline))
    return HTML(string=html).write_pdf()
