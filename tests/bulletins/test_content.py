"""The three formats say the same thing, from the data (issue 8, acceptance)."""

import io
import subprocess
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn

from bulletins.render_docx import BODY_FONT, TITLE_FONT, bulletin_docx
from bulletins.render_pdf import bulletin_pdf
from dashboard.selectors import dashboard_scope, light_rule_get, target_rows
from reporting.models import CampaignReport
from tasks.choices import TargetScope

from .conftest import TODAY


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 — fixed argv
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 — poppler-utils on PATH
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return "".join(text.split())


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "".join("".join(parts).split())


def _headline(plan, period):
    scope = dashboard_scope(plan=plan, period=period, today=TODAY)
    return target_rows(scope, light_rule_get(), scopes=(TargetScope.PLAN,))


def _figure(value) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def test_pdf_and_docx_print_every_headline_figure_of_the_data(draft, tmp_path):
    rows = _headline(draft.plan, draft.period)
    assert rows
    pdf = _pdf_text(bulletin_pdf(draft), tmp_path)
    docx = _docx_text(bulletin_docx(draft))
    for row in rows:
        actual = f"1—3月累计{_figure(row['cumulative'])}{row['unit']}"
        for text in (pdf, docx):
            assert actual in text, row["name"]
            assert f"{row['name']}{row['target']}" in text
            assert f"全省排名第{row['rank']}位" in text


def test_late_and_missing_reporters_match_the_reporting_record(draft, tmp_path):
    reports = CampaignReport.objects.filter(period=draft.period).select_related("campaign")
    late = sorted(r.campaign.name for r in reports if r.submitted_late)
    answered = {r.campaign_id for r in reports if r.status != "draft"}
    missing = sorted(c.name for c in draft.plan.campaigns.all() if c.pk not in answered)
    groups = draft.data["reporting"]["campaigns"]
    assert sorted(groups["late"]) == late
    assert sorted(groups["missing"]) == missing
    assert missing, "the demo data leaves a campaign unreported"
    pdf = _pdf_text(bulletin_pdf(draft), tmp_path)
    docx = _docx_text(bulletin_docx(draft))
    expected = f"未报送：{'、'.join(groups['missing'])}"
    assert expected in pdf
    assert expected in docx


def test_docx_sets_east_asian_fonts_for_title_and_body(draft):
    document = Document(io.BytesIO(bulletin_docx(draft)))
    fonts = {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run._element.rPr is not None
    }
    assert TITLE_FONT in fonts
    assert BODY_FONT in fonts
    assert len(document.inline_shapes) == 2  # both charts embedded


def _poppler(tool: str, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 — fixed argv
        [tool, str(path)] if tool == "pdfinfo" else [tool, "-list", str(path)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def test_pdf_is_a4_with_page_numbers_and_both_charts(draft, tmp_path):
    pdf = bulletin_pdf(draft)
    assert "595.276 x 841.89 pts (A4)" in _poppler("pdfinfo", pdf, tmp_path)
    listing = _poppler("pdfimages", pdf, tmp_path).splitlines()[2:]
    assert sum(1 for line in listing if line.split()[2] == "image") == 2
    assert "—1—" in _pdf_text(pdf, tmp_path)
