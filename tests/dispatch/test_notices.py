"""督办单 lifecycle through the services and the pages: 交办 → 签收 → 反馈 → 退回/办结, 催办, 延期."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from campaigns.models import Department
from dispatch import services
from dispatch.models import Notice
from notifications.models import Notification

PDF = b"%PDF-1.4 evidence"


def _pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_full_lifecycle_is_audited_and_notifies_each_side(personas, issue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office, unit = personas["office"], personas["dept_user"]
    notice = issue()
    assert notice.number == "督〔2025〕1号" and notice.campaign == personas["campaign"]
    assert Notification.objects.filter(recipient=unit, title__contains=notice.number).exists()

    services.notice_sign(actor=unit, notice=notice)
    services.notice_reply(actor=unit, notice=notice, reply="已拨付八成资金。", files=[_pdf()])
    services.notice_return(actor=office, notice=notice, reason="请附拨付凭证。")
    notice.refresh_from_db()
    assert (notice.status, notice.return_reason) == ("returned", "请附拨付凭证。")
    assert Notification.objects.filter(recipient=unit, title__contains="退回").exists()

    services.notice_reply(actor=unit, notice=notice, reply="已全部拨付。", files=[_pdf("凭证.pdf")])
    services.notice_close(actor=office, notice=notice, note="同意办结。")
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.closed_at is not None
    kinds = list(notice.events.values_list("kind", flat=True))
    assert kinds == ["issue", "sign", "reply", "return", "reply", "close"]
    assert notice.events.get(kind="reply", text="已全部拨付。").evidence.count() == 1
    assert AuditEntry.objects.filter(object_id=str(notice.pk), actor=office).count() >= 3


def test_one_notice_per_unit_when_issued_to_two_units(personas, issue, commerce):
    finance = Department.objects.get(name="市财政局")
    issue(departments=[commerce, finance])
    assert sorted(Notice.objects.values_list("department__name", flat=True)) == sorted(
        ["市商务局", "市财政局"]
    )
    assert Notice.objects.values("number").distinct().count() == 2


def test_steps_out_of_order_are_refused_with_the_current_status(personas, issue):
    notice = issue()
    with pytest.raises(ValidationError, match="已交办"):
        services.notice_close(actor=personas["office"], notice=notice)
    with pytest.raises(ValidationError, match="不能反馈"):
        services.notice_reply(actor=personas["dept_user"], notice=notice, reply="已办")


def test_only_the_responsible_unit_signs_and_only_office_closes(personas, issue):
    notice = issue()
    for persona in ("staff", "leader", "office", "county_user"):
        with pytest.raises(PermissionDenied):
            services.notice_sign(actor=personas[persona], notice=notice)
    with pytest.raises(PermissionDenied):
        services.notice_urge(actor=personas["dept_user"], notice=notice, message="快")


def test_issue_refuses_bad_input_with_field_messages(personas, issue, commerce_task):
    with pytest.raises(ValidationError) as missing_subject:
        issue(task=None)
    assert "subject" in missing_subject.value.message_dict
    with pytest.raises(ValidationError) as past:
        issue(deadline=date(2025, 1, 1))
    assert "办理时限" in past.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as nobody:
        issue(departments=[])
    assert "departments" in nobody.value.message_dict
    with pytest.raises(PermissionDenied):
        issue(actor=personas["leader"])


def test_reply_with_a_disguised_file_writes_nothing(personas, issue):
    notice = issue()
    services.notice_sign(actor=personas["dept_user"], notice=notice)
    fake = SimpleUploadedFile("凭证.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="不符"):
        services.notice_reply(
            actor=personas["dept_user"], notice=notice, reply="已办", files=[fake]
        )
    notice.refresh_from_db()
    assert notice.status == "signed" and not notice.events.filter(kind="reply").exists()


def test_extension_approved_moves_the_deadline_refused_needs_a_note(personas, issue):
    notice = issue()
    unit, office = personas["dept_user"], personas["office"]
    with pytest.raises(ValidationError, match="晚于"):
        services.extension_request(
            actor=unit, notice=notice, requested_deadline=date(2025, 5, 19), reason="资金未到"
        )
    services.extension_request(
        actor=unit, notice=notice, requested_deadline=date(2025, 6, 10), reason="资金未到"
    )
    with pytest.raises(ValidationError, match="申请延期"):  # one pending request at a time
        services.extension_request(
            actor=unit, notice=notice, requested_deadline=date(2025, 6, 20), reason="再延"
        )
    with pytest.raises(ValidationError, match="审批意见"):
        services.extension_decide(actor=office, notice=notice, approve=False)
    services.extension_decide(actor=office, notice=notice, approve=True, note="同意")
    notice.refresh_from_db()
    assert notice.deadline == date(2025, 6, 10)
    assert Notification.objects.filter(recipient=unit, title__contains="延期申请已同意").exists()


def test_urge_notifies_the_unit_each_time(personas, issue):
    notice = issue()
    for message in ("请加快进度", "明日前反馈"):
        services.notice_urge(actor=personas["office"], notice=notice, message=message)
    urges = Notification.objects.filter(recipient=personas["dept_user"], title__startswith="催办")
    assert urges.count() == 2


def test_department_walks_the_pages_sign_then_reply_with_evidence(
    personas, issue, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    notice = issue()
    client = login(personas["dept_user"])
    page = client.get(f"/dispatch/notices/{notice.pk}/").content.decode()
    assert "签收" in page and "督办要求" in page
    client.post(f"/dispatch/notices/{notice.pk}/sign/")
    empty = client.post(f"/dispatch/notices/{notice.pk}/reply/", {"reply": ""}, follow=True)
    assert "反馈内容：此项为必填项。" in empty.content.decode()
    client.post(f"/dispatch/notices/{notice.pk}/reply/", {"reply": "已办结", "files": [_pdf()]})
    notice.refresh_from_db()
    assert notice.status == "replied"
    evidence = notice.events.get(kind="reply").evidence.get()
    download = client.get(f"/dispatch/notice-evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        login(personas["other_staff"]).get(f"/dispatch/notice-evidence/{evidence.pk}/").status_code
        == 404
    )


def test_one_click_suggestion_issues_to_the_lead_units(personas, login, commerce_task, today):
    commerce_task.deadline = date(2025, 3, 1)  # 72 days late → 红色
    commerce_task.status = "in_progress"
    commerce_task.save()
    client = login(personas["office"])
    button = f'name="subject_id" value="{commerce_task.pk}"'
    assert button in client.get("/dispatch/notices/suggestions/").content.decode()
    client.post(
        "/dispatch/notices/suggestions/issue/", {"kind": "task", "subject_id": commerce_task.pk}
    )
    notice = Notice.objects.get(task=commerce_task, department__name="市商务局")
    assert notice.level == "red"
    assert button not in client.get("/dispatch/notices/suggestions/").content.decode()
