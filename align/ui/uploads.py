"""Uploaded files → documents to parse: zips unpacked safely, limits enforced, names kept for messages.

Nothing here trusts a name from the upload as a path: zip members are written under a fresh folder
with a sanitised base name, and members that try to leave it (``../``, absolute paths) are refused.
Nothing trusts a name as a type either: a file is unpacked as an archive because its bytes are one
(a Word or Excel file is a zip too, and is passed on as a document), and the parser reads every
document by its content. The bytes one upload may put on disk are bounded, zips included.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from align.parse import SUPPORTED_EXTENSIONS

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_UTF8_FLAG = 0x800
_SKIPPED_DIRS = {"__MACOSX"}
#: Members of one zip looked at; an archive listing more is refused rather than walked.
MAX_ZIP_MEMBERS = 10_000


@dataclass
class Upload:
    """The documents of one upload box, and what could not be taken from it."""

    files: list[Path] = field(default_factory=list)
    #: File name → message, for the page (the other files are still processed).
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: How to name each file in messages (``课程.zip › 课程1.docx`` for a zip member).
    labels: dict[Path, str] = field(default_factory=dict)
    #: Bytes of the documents taken so far (zip members as unpacked).
    total: int = 0
    #: The SHA-256 of each file's bytes, once :func:`drop_copies` has looked at them.
    digests: dict[Path, str] = field(default_factory=dict)

    def label(self, path: Path) -> str:
        return self.labels.get(path, path.name)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes: two uploads with the same digest are the same document."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def drop_copies(upload: Upload) -> list[tuple[str, str]]:
    """Leave out every file whose bytes equal an earlier one's (the same document chosen twice, under
    another name or inside a zip): counted twice, it would change the figures. Returns (copy, kept)
    labels, so the page can say which files it ignored."""
    first: dict[str, Path] = {}
    kept: list[Path] = []
    copies: list[tuple[str, str]] = []
    for path in upload.files:
        digest = upload.digests.setdefault(path, file_digest(path))
        if digest in first:
            copies.append((upload.label(path), upload.label(first[digest])))
        else:
            first[digest] = path
            kept.append(path)
    upload.files = kept
    return copies


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


def unpack_zip(
    archive: Path, dest: Path, max_bytes: int, room: int, upload: Upload, max_total: int | None = None
) -> None:
    """Extract the supported documents of ``archive`` into ``dest`` (at most ``room`` of them).

    ``max_total`` bounds the bytes of the whole upload (``upload.total`` so far included).
    """
    label = archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        upload.problems.append((label, "不是有效的 zip 压缩包，请重新压缩后上传"))
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            upload.problems.append(
                (label, f"压缩包中的条目超过 {MAX_ZIP_MEMBERS} 个，未处理；请只打包课程标准")
            )
            return
        dest.mkdir(parents=True, exist_ok=True)
        taken = 0
        for info in infos:
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
            if max_total is not None and upload.total + info.file_size > max_total:
                upload.problems.append(
                    (label, f"上传的文件合计超过 {max_total // 2**20} MB 的上限，其余文件未处理")
                )
                break
            target = dest / f"{len(upload.files):03d}-{safe_name(name)}"
            try:
                with zf.open(info) as src, target.open("wb") as out:
                    # Read at most one byte past the limit: a lying header cannot fill the disk.
                    data = src.read(max_bytes + 1)
                    if len(data) > max_bytes:
                        raise ValueError("too large")
                    out.write(data)
                upload.total += len(data)
            except (zipfile.BadZipFile, ValueError, RuntimeError, OSError, EOFError):
                target.unlink(missing_ok=True)
                upload.problems.append((f"{label} › {name}", "无法解压（文件损坏、加密或过大），已跳过"))
                continue
            upload.files.append(target)
            upload.labels[target] = f"{label} › {PurePosixPath(name.replace(chr(92), '/')).name}"
            taken += 1
        if not taken and not any(p[0].startswith(label) for p in upload.problems):
            upload.problems.append((label, "压缩包中没有可识别的文档（.docx、.pdf、.xlsx、.csv、.md、.txt）"))


def _is_archive(path: Path) -> bool:
    """A zip to unpack: its bytes are a zip that is not a Word or Excel document."""
    from align.parse.sniff import real_format

    return path.suffix.lower() == ".zip" and real_format(path) not in ("docx", "xlsx")


def collect(
    paths: list[str | Path] | None,
    work_dir: Path,
    max_files: int,
    max_bytes: int,
    max_total: int | None = None,
    used: int = 0,
) -> Upload:
    """The documents of an upload box: files as given, zips unpacked into ``work_dir``.

    ``max_total`` bounds the bytes of all documents of the run together (zips as unpacked), of
    which ``used`` bytes are taken already (by the run's other upload box).
    """
    upload = Upload(total=used)
    for i, raw in enumerate(paths or []):
        path = Path(raw)
        room = max_files - len(upload.files)
        if room <= 0:
            upload.problems.append((path.name, f"一次最多处理 {max_files} 个文件，此文件未处理"))
            continue
        size = path.stat().st_size
        if _is_archive(path):
            unpack_zip(path, work_dir / f"zip-{i}", max_bytes, room, upload, max_total)
        elif size > max_bytes:
            upload.problems.append((path.name, f"文件超过 {max_bytes // 2**20} MB 的上限"))
        elif max_total is not None and upload.total + size > max_total:
            upload.problems.append(
                (path.name, f"上传的文件合计超过 {max_total // 2**20} MB 的上限，此文件未处理")
            )
        else:
            upload.files.append(path)
            upload.total += size
    return upload
