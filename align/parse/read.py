"""Pick the reader for a file by its extension and return its blocks."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from align.errors import ParseError
from align.parse.blocks import Block

TEXT_EXTENSIONS = {".md", ".markdown", ".txt"}
TABLE_EXTENSIONS = {".csv", ".tsv", ".xlsx", ".xlsm"}
OLD_OFFICE_EXTENSIONS = {".doc", ".wps", ".xls", ".et"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | TABLE_EXTENSIONS | {".docx", ".pdf"} | OLD_OFFICE_EXTENSIONS


def read_blocks(path: Path) -> list[Block]:
    """The blocks of one file; :class:`ParseError` when it cannot be read."""
    ext = path.suffix.lower()
    if not path.exists():
        raise ParseError(path, "file not found", "check the path")
    if path.is_dir():
        raise ParseError(path, "is a folder, not a document", "pass the files inside it")
    if ext not in SUPPORTED_EXTENSIONS:
        raise ParseError(
            path,
            f"unsupported file type {ext or '(no extension)'}",
            "use .docx, .pdf, .xlsx, .csv, .md or .txt",
        )
    if path.stat().st_size == 0:
        raise ParseError(path, "the file is empty", "export the document again")
    if ext in TEXT_EXTENSIONS:
        from align.parse.encoding import decode
        from align.parse.markdown import read_markdown_text

        return read_markdown_text(decode(path.read_bytes(), path))
    if ext in {".csv", ".tsv"}:
        from align.parse.tabular import read_csv

        return read_csv(path)
    if ext in {".xlsx", ".xlsm"}:
        from align.parse.tabular import read_xlsx

        return read_xlsx(path)
    if ext == ".docx":
        from align.parse.docx_reader import read_docx

        return read_docx(path)
    if ext == ".pdf":
        from align.parse.pdf_reader import read_pdf

        return read_pdf(path)
    return _read_old_office(path)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_old_office(path: Path) -> list[Block]:
    """Old binary Word/WPS/Excel files: convert with LibreOffice when it is installed."""
    new_ext = "xlsx" if path.suffix.lower() in {".xls", ".et"} else "docx"
    soffice = _soffice()
    hint = f"open it in Word or WPS and save it as .{new_ext}"
    if not soffice:
        raise ParseError(
            path, f"old {path.suffix} format cannot be read directly", hint + " (or install LibreOffice)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile, so a LibreOffice the user has open does not swallow the conversion.
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    new_ext,
                    "--outdir",
                    tmp,
                    str(path),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise ParseError(
                path, f"LibreOffice could not convert the file ({type(exc).__name__})", hint
            ) from exc
        converted = Path(tmp) / f"{path.stem}.{new_ext}"
        if not converted.exists():
            raise ParseError(
                path, "LibreOffice could not convert the file (damaged or not a document?)", hint
            )
        return read_blocks(converted)
