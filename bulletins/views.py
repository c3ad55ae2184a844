from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.selectors import access_for
from audit.selectors import history_for
from core.forms import add_service_errors

from . import selectors, services
from .charts import BULLETIN_CHARTS, REVIEW_CHARTS, chart_png
from .choices import BulletinStatus
from .document import Document, bulletin_document, review_document
from .filtersets import BulletinFilterSet, DocumentFilterSet, ReviewFilterSet
from .forms import (
    BulletinBuildForm,
    BulletinForm,
    CorrectionForm,
    ReviewBuildForm,
    ReviewForm,
)
from .models import Bulletin, IssuedDocument, QuarterlyReview
from .render_docx import document_docx
from .render_pdf import document_context, document_pdf

COORDINATORS_ONLY = "只有总专班和系统管理员可以编制和印发通报和季度讲评。"
PAGE_SIZE = 24
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Kind:
    """One kind of issued document and the pieces its pages use (the pages themselves are shared)."""

    prefix: str  # URL names: "<prefix>-detail", "<prefix>-edit", …
    title: str  # the archive's heading and the files' name
    sibling: tuple[str, str]  # (URL name, text) of the other archive
    model: type[IssuedDocument]
    filterset: type[DocumentFilterSet]
    document: Callable[[IssuedDocument], Document]
    charts: dict[str, str]
    form: type
    build_form: type
    build: Callable
    update: Callable
    issue: Callable
    correct: Callable

    def links(self, document: IssuedDocument | None = None) -> dict[str, str]:
        """Where each action of the pages goes."""
        links = {name: reverse(f"{self.prefix}-{name}") for name in ("list", "build")}
        if document is not None:
            for name in ("detail", "edit", "issue", "correct", "pdf", "docx"):
                links[name] = reverse(f"{self.prefix}-{name}", args=[document.pk])
        return links


BULLETIN = Kind(
    prefix="bulletin",
    title="攻坚通报",
    sibling=("quarterly-list", "季度讲评"),
    model=Bulletin,
    filterset=BulletinFilterSet,
    document=bulletin_document,
    charts=BULLETIN_CHARTS,
    form=BulletinForm,
    build_form=BulletinBuildForm,
    build=services.bulletin_draft_build,
    update=lambda actor, document, **changes: services.bulletin_update(
        actor=actor, bulletin=document, **changes
    ),
    issue=lambda actor, document: services.bulletin_issue(actor=actor, bulletin=document),
    correct=lambda actor, document, reason: services.bulletin_correct(
        actor=actor, bulletin=document, reason=reason
    ),
)
REVIEW = Kind(
    prefix="quarterly",
    title="季度讲评",
    sibling=("bulletin-list", "月通报"),
    model=QuarterlyReview,
    filterset=ReviewFilterSet,
    document=review_document,
    charts=REVIEW_CHARTS,
    form=ReviewForm,
    build_form=ReviewBuildForm,
    build=services.review_draft_build,
    update=lambda actor, document, **changes: services.review_update(
        actor=actor, review=document, **changes
    ),
    issue=lambda actor, document: services.review_issue(actor=actor, review=document),
    correct=lambda actor, document, reason: services.review_correct(
        actor=actor, review=document, reason=reason
    ),
)


def _visible(request, kind: Kind, pk: int) -> IssuedDocument:
    return get_object_or_404(
        selectors.documents_visible(kind.model, access_for(request.user)), pk=pk
    )


def _coordinator(request):
    access = access_for(request.user)
    if not access.is_coordinator:
        raise PermissionDenied(COORDINATORS_ONLY)
    return access


def _list(request, kind: Kind):
    """The archive: issued versions by period, searchable; drafts on top for 总专班."""
    access = access_for(request.user)
    archive = selectors.document_archive(kind.model, access)
    filterset = kind.filterset(request.GET, queryset=archive)
    form = filterset.form
    documents = filterset.qs if filterset.is_valid() else archive
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    drafts = (
        selectors.documents_visible(kind.model, access).filter(status=BulletinStatus.DRAFT)
        if access.is_coordinator
        else []
    )
    return render(
        request,
        "bulletins/list.html",
        {
            "kind": kind,
            "links": kind.links(),
            "form": form,
            "page": page,
            "drafts": drafts,
            "build_form": kind.build_form() if access.is_coordinator else None,
        },
    )


def _build(request, kind: Kind):
    """Build or refresh a period's draft from the data."""
    _coordinator(request)
    form = kind.build_form(request.POST)
    if form.is_valid():
        try:
            document = kind.build(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已按最新数据生成{kind.model.NOUN}草稿。")
            return redirect(f"{kind.prefix}-edit", pk=document.pk)
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    return redirect(f"{kind.prefix}-list")


def _detail(request, kind: Kind, pk: int):
    """The document as a phone-friendly page, with its versions and downloads."""
    document = _visible(request, kind, pk)
    access = access_for(request.user)
    return render(
        request,
        "bulletins/detail.html",
        {
            "kind": kind,
            "document": document,
            "links": kind.links(document),
            "versions": selectors.document_versions(document).select_related("period"),
            "can_edit": access.is_coordinator,
            "correct_form": CorrectionForm() if access.is_coordinator else None,
            "history": history_for(document) if access.is_coordinator else None,
            **document_context(
                kind.document(document),
                lambda name: reverse(f"{kind.prefix}-chart", args=[document.pk, name]),
            ),
        },
    )


def _edit(request, kind: Kind, pk: int):
    """Edit a draft's prose; tables come from the data."""
    document = _visible(request, kind, pk)
    _coordinator(request)
    if document.is_issued:
        messages.error(request, services.frozen_message(kind.model))
        return redirect(f"{kind.prefix}-detail", pk=document.pk)
    form = kind.form(request.POST if request.method == "POST" else None, instance=document)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            kind.update(request.user, document, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{kind.model.NOUN}已保存。")
            return redirect(f"{kind.prefix}-detail", pk=document.pk)
    document.refresh_from_db()
    return render(
        request,
        "bulletins/edit.html",
        {
            "kind": kind,
            "document": document,
            "links": kind.links(document),
            "form": form,
            "build_form": kind.build_form(
                initial={"plan": document.plan_id, "period": document.period_id}
            ),
        },
    )


def _issue(request, kind: Kind, pk: int):
    """Issue a draft; it cannot change afterwards."""
    document = _visible(request, kind, pk)
    _coordinator(request)
    try:
        kind.issue(request.user, document)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{kind.model.NOUN}已印发，已通知市领导和各专班。")
    return redirect(f"{kind.prefix}-detail", pk=document.pk)


def _correct(request, kind: Kind, pk: int):
    """Open a corrected version of an issued document."""
    document = _visible(request, kind, pk)
    _coordinator(request)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写更正原因。")
        return redirect(f"{kind.prefix}-detail", pk=document.pk)
    try:
        draft = kind.correct(request.user, document, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(f"{kind.prefix}-detail", pk=document.pk)
    return redirect(f"{kind.prefix}-edit", pk=draft.pk)


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file download with its Chinese name (and an ASCII fallback)."""
    response = HttpResponse(content, content_type=content_type)
    extension = filename.rsplit(".", 1)[1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"document.{extension}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def filename(kind_title: str, document: IssuedDocument, extension: str) -> str:
    """攻坚通报-2025年3月-第1版.pdf"""
    return f"{kind_title}-{document.period.label}-第{document.version}版.{extension}"


def _pdf(request, kind: Kind, pk: int):
    document = _visible(request, kind, pk)
    return download(
        document_pdf(kind.document(document)),
        "application/pdf",
        filename(kind.title, document, "pdf"),
    )


def _docx(request, kind: Kind, pk: int):
    document = _visible(request, kind, pk)
    return download(
        document_docx(kind.document(document)), DOCX, filename(kind.title, document, "docx")
    )


def _chart(request, kind: Kind, pk: int, name: str):
    document = _visible(request, kind, pk)
    if name not in kind.charts:
        raise Http404("没有这张图。")
    return HttpResponse(chart_png(document.data, name), content_type="image/png")


# --- 月通报 -----------------------------------------------------------------------------------


@login_required
def bulletin_list(request):
    """The bulletin archive: issued bulletins by month, searchable; drafts on top for 总专班."""
    return _list(request, BULLETIN)


@login_required
@require_POST
def bulletin_build(request):
    """Build or refresh a month's draft from the data."""
    return _build(request, BULLETIN)


@login_required
def bulletin_detail(request, pk: int):
    """The bulletin as a phone-friendly page."""
    return _detail(request, BULLETIN, pk)


@login_required
def bulletin_edit(request, pk: int):
    """Edit a bulletin draft's prose and commended campaigns."""
    return _edit(request, BULLETIN, pk)


@login_required
@require_POST
def bulletin_issue(request, pk: int):
    """Issue a bulletin draft."""
    return _issue(request, BULLETIN, pk)


@login_required
@require_POST
def bulletin_correct(request, pk: int):
    """Open a corrected version of an issued bulletin."""
    return _correct(request, BULLETIN, pk)


@login_required
def bulletin_pdf_download(request, pk: int):
    """The bulletin as PDF."""
    return _pdf(request, BULLETIN, pk)


@login_required
def bulletin_docx_download(request, pk: int):
    """The bulletin as a Word document."""
    return _docx(request, BULLETIN, pk)


@login_required
def bulletin_chart(request, pk: int, name: str):
    """One chart of the bulletin as PNG."""
    return _chart(request, BULLETIN, pk, name)


# --- 季度讲评 ---------------------------------------------------------------------------------


@login_required
def review_list(request):
    """The review archive: issued reviews by quarter, searchable; drafts on top for 总专班."""
    return _list(request, REVIEW)


@login_required
@require_POST
def review_build(request):
    """Build or refresh a quarter's review draft from the data."""
    return _build(request, REVIEW)


@login_required
def review_detail(request, pk: int):
    """The review as a phone-friendly page."""
    return _detail(request, REVIEW, pk)


@login_required
def review_edit(request, pk: int):
    """Edit a review draft's remarks and requirements."""
    return _edit(request, REVIEW, pk)


@login_required
@require_POST
def review_issue(request, pk: int):
    """Issue a review draft."""
    return _issue(request, REVIEW, pk)


@login_required
@require_POST
def review_correct(request, pk: int):
    """Open a corrected version of an issued review."""
    return _correct(request, REVIEW, pk)


@login_required
def review_pdf_download(request, pk: int):
    """The review as PDF."""
    return _pdf(request, REVIEW, pk)


@login_required
def review_docx_download(request, pk: int):
    """The review as a Word document."""
    return _docx(request, REVIEW, pk)


@login_required
def review_chart(request, pk: int, name: str):
    """One chart of the review as PNG."""
    return _chart(request, REVIEW, pk, name)
