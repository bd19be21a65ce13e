"""Uploaded files → documents to parse: zips unpacked safely, limits enforced, names kept for messages.

Nothing here trusts a name from the upload as a path: zip members are written under a fresh folder
with a sanitised base name, and members that try to leave it (``../``, absolute paths) are refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from align.parse import SUPPORTED_EXTENSIONS

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_UTF8_FLAG = 0x800
_SKIPPED_DIRS = {"__MACOSX"}


@dataclass
class Upload:
    """The documents of one upload box, and what could not be taken from it."""

    files: list[Path] = field(default_factory=list)
    #: File name → message, for the page (the other files are still processed).
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: How to name each file in messages (``课程.zip › 课程1.docx`` for a zip member).
    labels: dict[Path, str] = field(default_factory=dict)

    def label(self, path: Path) -> str:
        return self.labels.get(path, path.name)


def safe_name(name: str, fallback: str = "document") -> str:
    """A base name that is safe as one path component (no folders, no control characters)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .")
    return base[:120] or fallback


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its author wrote it: Chinese Windows zips store GBK without a flag."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _wanted(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or any(p in _SKIPPED_DIRS or p.startswith(".") for p in parts):
        return False
    base = parts[-1]
    return (
        not base.startswith("~$")
        and not base.lower().startswith("readme")
        and PurePosixPath(base).suffix.lower() in SUPPORTED_EXTENSIONS
    )


def _escapes(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or bool(re.match(r"^[A-Za-z]:", name))


def unpack_zip(archive: Path, dest: Path, max_bytes: int, room: int, upload: Upload) -> None:
    """Extract the supported documents of ``archive`` into ``dest`` (at most ``room`` of them)."""
    label = archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        upload.problems.append((label, "不是有效的 zip 压缩包，请重新压缩后上传"))
        return
    with zf:
        dest.mkdir(parents=True, exist_ok=True)
        taken = 0
        for info in zf.infolist():
            name = member_name(info)
            if info.is_dir():
                continue
            if _escapes(name):
                upload.problems.append((f"{label} › {name}", "压缩包中的路径不安全，已跳过"))
                continue
            if not _wanted(name):
                continue
            if info.file_size > max_bytes:
                upload.problems.append(
                    (f"{label} › {name}", f"文件超过 {max_bytes // 2**20} MB 的上限，已跳过")
                )
                continue
            if taken >= room:
                upload.problems.append((label, "压缩包中的文件数超过上限，其余文件未处理"))
                break
            target = dest / f"{len(upload.files):03d}-{safe_name(name)}"
            try:
                with zf.open(info) as src, target.open("wb") as out:
                    # Read at most one byte past the limit: a lying header cannot fill the disk.
                    data = src.read(max_bytes + 1)
                    if len(data) > max_bytes:
                        raise ValueError("too large")
                    out.write(data)
            except (zipfile.BadZipFile, ValueError, RuntimeError, OSError, EOFError):
                target.unlink(missing_ok=True)
                upload.problems.append((f"{label} › {name}", "无法解压（文件损坏、加密或过大），已跳过"))
                continue
            upload.files.append(target)
            upload.labels[target] = f"{label} › {PurePosixPath(name.replace(chr(92), '/')).name}"
            taken += 1
        if not taken and not any(p[0].startswith(label) for p in upload.problems):
            upload.problems.append((label, "压缩包中没有可识别的文档（.docx、.pdf、.xlsx、.csv、.md、.txt）"))


def collect(paths: list[str | Path] | None, work_dir: Path, max_files: int, max_bytes: int) -> Upload:
    """The documents of an upload box: files as given, zips unpacked into ``work_dir``."""
    upload = Upload()
    for i, raw in enumerate(paths or []):
        path = Path(raw)
        room = max_files - len(upload.files)
        if room <= 0:
            upload.problems.append((path.name, f"一次最多处理 {max_files} 个文件，此文件未处理"))
            continue
        if path.suffix.lower() == ".zip":
            unpack_zip(path, work_dir / f"zip-{i}", max_bytes, room, upload)
        elif path.stat().st_size > max_bytes:
            upload.problems.append((path.name, f"文件超过 {max_bytes // 2**20} MB 的上限"))
        else:
            upload.files.append(path)
    return upload
