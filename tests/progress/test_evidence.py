import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from progress.models import Evidence, TaskProgress
from progress.services import MAX_EVIDENCE_BYTES

from .helpers import page_url, progress_form

GOOD_FILES = [
    ("报告.pdf", b"%PDF-1.7\n"),
    ("现场.jpg", b"\xff\xd8\xff\xe0JFIF"),
    ("现场.png", b"\x89PNG\r\n\x1a\n"),
    ("台账.xlsx", b"PK\x03\x04rest"),
    ("说明.docx", b"PK\x03\x04rest"),
    ("旧台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ("旧说明.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
def test_allowed_files_are_stored_under_a_random_name_and_audited(personas, login, led_task, march):
    client = login(personas["dept_user"])
    files = [_upload(name, content) for name, content in GOOD_FILES]
    response = client.post(page_url(led_task, march), {**progress_form(), "files": files})
    assert response.status_code == 302
    stored = Evidence.objects.filter(progress__task=led_task)
    assert sorted(e.original_name for e in stored) == sorted(name for name, _ in GOOD_FILES)
    assert all(e.uploaded_by == personas["dept_user"] for e in stored)
    assert all(e.original_name not in e.file.name for e in stored)
    assert AuditEntry.objects.filter(summary__startswith="上传佐证材料").count() == len(GOOD_FILES)


REFUSED_FILES = [
    ("病毒.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "内容与扩展名 .pdf 不符"),
    ("脚本.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("页面.html", b"<html></html>", "不支持的文件类型"),
    ("伪装.png", b"%PDF-1.4", "内容与扩展名 .png 不符"),
    ("无扩展名", b"%PDF-1.4", "不支持的文件类型"),
]


@pytest.mark.django_db
def test_refused_file_is_named_with_its_reason_and_nothing_is_saved(
    personas, login, led_task, march
):
    client = login(personas["dept_user"])
    for name, content, reason in REFUSED_FILES:
        files = [_upload("好的.pdf", b"%PDF-1"), _upload(name, content)]
        response = client.post(
            page_url(led_task, march), {**progress_form(done="不应保存"), "files": files}
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f"文件“{name}”被拒绝" in html and reason in html, name
    assert not TaskProgress.objects.exists()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_oversized_file_is_refused_before_it_is_read(personas, login, led_task, march):
    client = login(personas["dept_user"])
    big = _upload("大文件.pdf", b"%PDF" + b"0" * MAX_EVIDENCE_BYTES)
    response = client.post(page_url(led_task, march), {**progress_form(), "files": big})
    assert "文件“大文件.pdf”被拒绝：超过 10 MB" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_api_evidence_upload_checks_the_same_rules(personas, login, led_task, march):
    client = login(personas["dept_user"])
    entry = client.post(
        "/api/progress/",
        {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10},
        content_type="application/json",
    ).json()
    url = f"/api/progress/{entry['id']}/evidence/"
    refused = client.post(url, {"file": _upload("改名.pdf", b"MZ\x90\x00")})
    assert refused.status_code == 400
    assert "文件“改名.pdf”被拒绝" in refused.json()["file"][0]
    missing = client.post(url, {})
    assert missing.status_code == 400 and "file" in missing.json()
    accepted = client.post(url, {"file": _upload("证明.pdf", b"%PDF-1.4")})
    assert accepted.status_code == 201
    listed = client.get(url).json()
    assert [e["original_name"] for e in listed] == ["证明.pdf"]
    download = client.get(listed[0]["download_url"])
    assert b"".join(download.streaming_content) == b"%PDF-1.4"


@pytest.mark.django_db
def test_only_the_entrys_own_unit_uploads_evidence(personas, login, led_task, march):
    entry = TaskProgress.objects.create(task=led_task, period=march, updated_by=personas["staff"])
    url = f"/api/progress/{entry.pk}/evidence/"
    pdf = _upload("证明.pdf", b"%PDF-1.4")
    assert login(personas["dept_user"]).post(url, {"file": pdf}).status_code == 403
    assert login(personas["leader"]).post(url, {"file": pdf}).status_code == 403
    assert login(personas["other_staff"]).post(url, {"file": pdf}).status_code == 404
    assert (
        login(personas["staff"]).post(url, {"file": _upload("证明.pdf", b"%PDF-1.4")}).status_code
        == 201
    )
