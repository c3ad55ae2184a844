"""Checks an uploaded file must pass before openpyxl is allowed to open it (hostile files)."""

import zipfile
from typing import BinaryIO

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_MEMBERS = 100
MAX_RATIO = 200
ZIP_MAGIC = b"PK\x03\x04"
MACRO_MEMBERS = ("vbaproject.bin",)
MACRO_CONTENT_TYPE = b"macroEnabled"


def _refuse(message: str):
    raise ValidationError(message, code="hostile")


def check_upload(*, name: str, size: int, stream: BinaryIO) -> None:
    """Refuse anything but a plain, reasonably sized .xlsx; reads only the zip directory."""
    if size > MAX_UPLOAD_BYTES:
        _refuse(
            f"文件过大：{size / 1024 / 1024:.1f} MB，上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。"
        )
    lowered = name.lower()
    if lowered.endswith((".xlsm", ".xltm", ".xlsb")):
        _refuse("不接受含宏的工作簿（.xlsm 等），请另存为 .xlsx 后上传。")
    if not lowered.endswith(".xlsx"):
        _refuse("只接受 .xlsx 格式的工作簿，请使用下载的模板。")
    stream.seek(0)
    if stream.read(4) != ZIP_MAGIC:
        _refuse("文件内容不是 .xlsx 工作簿（可能是改了扩展名的其他文件）。")
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse("文件已损坏，无法作为 .xlsx 工作簿读取。")
    if len(members) > MAX_MEMBERS:
        _refuse(f"工作簿内部文件过多（{len(members)} 个），已拒绝。")
    total = 0
    for member in members:
        base = member.filename.rsplit("/", 1)[-1].lower()
        if base in MACRO_MEMBERS:
            _refuse("工作簿含有宏代码，已拒绝；请另存为不含宏的 .xlsx 后上传。")
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            _refuse("工作簿压缩比异常（疑似压缩炸弹），已拒绝。")
    if total > MAX_UNPACKED_BYTES:
        _refuse(f"工作簿解压后过大（{total // 1024 // 1024} MB），已拒绝。")
    try:
        content_types = archive.read("[Content_Types].xml")
    except KeyError:
        _refuse("文件不是有效的 .xlsx 工作簿（缺少内容类型清单）。")
    if MACRO_CONTENT_TYPE in content_types:
        _refuse("工作簿含有宏代码，已拒绝；请另存为不含宏的 .xlsx 后上传。")
    stream.seek(0)
