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

from . import selectors, services
from .charts import CHART_NAMES, chart_png
from .forms import BulletinArchiveForm, BulletinBuildForm, BulletinCorrectForm, BulletinForm
from .render_docx import bulletin_docx
from .render_pdf import bulletin_context, bulletin_pdf

COORDINATORS_ONLY = "只有总专班和系统管理员可以编制和印发通报。"
PAGE_SIZE = 24


def _bulletin(request, pk: int):
    return get_object_or_404(selectors.bulletins_visible(access_for(request.user)), pk=pk)


def _coordinator(request):
    access = access_for(request.user)
    if not access.is_coordinator:
        raise PermissionDenied(COORDINATORS_ONLY)
    return access


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
def bulletin_list(request):
    """The archive: issued bulletins by month, searchable; drafts on top for 总专班."""
    access = access_for(request.user)
    form = BulletinArchiveForm(request.GET)
    query = form.cleaned_data if form.is_valid() else {}
    bulletins = selectors.bulletin_archive(access, query=query.get("q", ""), year=query.get("year"))
    page = Paginator(bulletins, PAGE_SIZE).get_page(request.GET.get("page"))
    drafts = (
        selectors.bulletins_visible(access).filter(status="draft") if access.is_coordinator else []
    )
    return render(
        request,
        "bulletins/list.html",
        {
            "form": form,
            "page": page,
            "drafts": drafts,
            "build_form": BulletinBuildForm() if access.is_coordinator else None,
        },
    )


@login_required
@require_POST
def bulletin_build(request):
    """Build or refresh a month's draft from the data."""
    _coordinator(request)
    form = BulletinBuildForm(request.POST)
    if form.is_valid():
        try:
            bulletin = services.bulletin_draft_build(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "已按最新数据生成通报草稿。")
            return redirect("bulletin-edit", pk=bulletin.pk)
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    return redirect("bulletin-list")


@login_required
def bulletin_detail(request, pk: int):
    """The bulletin as a phone-friendly page, with its versions and downloads."""
    bulletin = _bulletin(request, pk)
    access = access_for(request.user)
    return render(
        request,
        "bulletins/detail.html",
        {
            "bulletin": bulletin,
            "versions": selectors.bulletin_versions(bulletin),
            "can_edit": access.is_coordinator,
            "correct_form": BulletinCorrectForm() if access.is_coordinator else None,
            "history": history_for(bulletin) if access.is_coordinator else None,
            **bulletin_context(
                bulletin, lambda name: reverse("bulletin-chart", args=[bulletin.pk, name])
            ),
        },
    )


@login_required
def bulletin_edit(request, pk: int):
    """Edit a draft's prose and commended campaigns; tables come from the data."""
    bulletin = _bulletin(request, pk)
    _coordinator(request)
    if bulletin.is_issued:
        messages.error(request, services.ISSUED_IS_FROZEN)
        return redirect("bulletin-detail", pk=bulletin.pk)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.bulletin_update(actor=request.user, bulletin=bulletin, **changes)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "通报已保存。")
            return redirect("bulletin-detail", pk=bulletin.pk)
    bulletin.refresh_from_db()
    return render(
        request,
        "bulletins/edit.html",
        {
            "bulletin": bulletin,
            "form": form,
            "build_form": BulletinBuildForm(
                initial={"plan": bulletin.plan_id, "period": bulletin.period_id}
            ),
        },
    )


@login_required
@require_POST
def bulletin_issue(request, pk: int):
    """Issue a draft; it cannot change afterwards."""
    bulletin = _bulletin(request, pk)
    _coordinator(request)
    try:
        services.bulletin_issue(actor=request.user, bulletin=bulletin)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "通报已印发，已通知市领导和各专班。")
    return redirect("bulletin-detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_correct(request, pk: int):
    """Open a corrected version of an issued bulletin."""
    bulletin = _bulletin(request, pk)
    _coordinator(request)
    form = BulletinCorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写更正原因。")
        return redirect("bulletin-detail", pk=bulletin.pk)
    try:
        draft = services.bulletin_correct(
            actor=request.user, bulletin=bulletin, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("bulletin-detail", pk=bulletin.pk)
    return redirect("bulletin-edit", pk=draft.pk)


def _filename(bulletin, extension: str) -> str:
    return f"攻坚通报-{bulletin.period.label}-第{bulletin.version}版.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="bulletin.{filename.rsplit(".", 1)[1]}"; '
        f"filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
def bulletin_pdf_download(request, pk: int):
    """The bulletin as PDF."""
    bulletin = _bulletin(request, pk)
    return _download(bulletin_pdf(bulletin), "application/pdf", _filename(bulletin, "pdf"))


@login_required
def bulletin_docx_download(request, pk: int):
    """The bulletin as a Word document."""
    bulletin = _bulletin(request, pk)
    return _download(
        bulletin_docx(bulletin),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _filename(bulletin, "docx"),
    )


@login_required
def bulletin_chart(request, pk: int, name: str):
    """One chart of the bulletin as PNG."""
    bulletin = _bulletin(request, pk)
    if name not in CHART_NAMES:
        raise Http404("没有这张图。")
    return HttpResponse(chart_png(bulletin.data, name), content_type="image/png")
