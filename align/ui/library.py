"""The standards library: the bundled standards plus those users uploaded before, kept on disk.

An uploaded standard is copied under a name made from its content hash (never the uploaded name), and
an index (``index.json``) remembers its title and original file name for the page.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from align.errors import AlignError, ConfigError
from align.files import atomic_path, write_text_atomic
from align.parse import SUPPORTED_EXTENSIONS

INDEX = "index.json"
BUNDLED_EXTENSIONS = {".md", ".csv", ".xlsx", ".docx", ".pdf", ".txt"}


@dataclass(frozen=True)
class Entry:
    id: str  # "bundled:<file name>" or "user:<content hash>"
    name: str  # the standard's title
    path: Path
    origin: str  # bundled | uploaded
    added: str = ""  # ISO date and time of the upload
    original: str = ""  # the uploaded file's name

    @property
    def label(self) -> str:
        if self.origin == "bundled":
            return f"{self.name}（内置）"
        # Two revisions of one standard share a title (and often a day): the file and the minute tell
        # them apart in the menu.
        when = f"上传于 {self.added[:16].replace('T', ' ')}"
        return f"{self.name}（{self.original}，{when}）" if self.original else f"{self.name}（{when}）"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:20]


class StandardsLibrary:
    """Bundled standards (read-only) and user uploads (``user_dir``)."""

    def __init__(self, bundled_dir: Path | None, user_dir: Path) -> None:
        self.bundled_dir = bundled_dir
        self.user_dir = Path(user_dir)
        self._lock = threading.Lock()
        self._names: dict[tuple[Path, float], str] = {}

    def _title(self, path: Path) -> str:
        """The standard's name as parsed (cached by file and modification time)."""
        key = (path, path.stat().st_mtime)
        if key not in self._names:
            from align.parse import parse_file

            try:
                self._names[key] = parse_file(path, kind="standard").name or path.stem
            except AlignError:
                self._names[key] = path.stem
        return self._names[key]

    def _index(self) -> dict[str, dict]:
        path = self.user_dir / INDEX
        if not path.exists():
            return {}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise AlignError(
                f"{path}: the standards library index is damaged ({exc}); fix or delete it"
            ) from None

    def _bundled(self) -> list[Entry]:
        if self.bundled_dir is None or not self.bundled_dir.is_dir():
            return []
        return [
            Entry(f"bundled:{path.name}", self._title(path), path, "bundled")
            for path in sorted(self.bundled_dir.iterdir())
            if path.suffix.lower() in BUNDLED_EXTENSIONS and not path.name.startswith(".")
        ]

    def entries(self) -> list[Entry]:
        """Bundled standards first, then uploads (newest first)."""
        out = self._bundled()
        with self._lock:
            index = self._index()
        for key, meta in sorted(index.items(), key=lambda kv: kv[1].get("added", ""), reverse=True):
            path = self.user_dir / meta["file"]
            if path.exists():
                added, original = meta.get("added", ""), meta.get("original", "")
                out.append(Entry(f"user:{key}", meta["name"], path, "uploaded", added, original))
        return out

    def get(self, entry_id: str) -> Entry:
        for entry in self.entries():
            if entry.id == entry_id:
                return entry
        # Only the page asks the library for an entry, so this is written in Chinese here.
        raise ConfigError(f"标准库中没有“{entry_id}”（可能已被删除），请重新选择标准")

    def add(self, upload: Path, name: str, original_name: str) -> Entry:
        """Keep a copy of an uploaded standard that parsed; the same content is stored once."""
        ext = upload.suffix.lower()
        if ext not in SUPPORTED_EXTENSIONS:
            from align.parse.sniff import real_format

            # It parsed, so its bytes are a document: keep it under the extension they call for.
            found = real_format(upload)
            if found not in ("pdf", "docx", "xlsx"):
                raise ConfigError(f"{original_name}：不支持的文件类型 {ext}，无法加入标准库")  # page only
            ext = f".{found}"
        key = _digest(upload)
        for entry in self._bundled():
            if _digest(entry.path) == key:
                return entry  # the user uploaded a copy of a bundled standard
        stored = f"{key}{ext}"
        with self._lock:
            self.user_dir.mkdir(parents=True, exist_ok=True)
            index = self._index()
            if key not in index:
                with atomic_path(self.user_dir / stored) as tmp:
                    shutil.copyfile(upload, tmp)
                index[key] = {
                    "file": stored,
                    "name": name,
                    "original": original_name,
                    "added": datetime.now().isoformat(timespec="seconds"),
                }
                write_text_atomic(self.user_dir / INDEX, json.dumps(index, ensure_ascii=False, indent=2))
            meta = index[key]
        path, original = self.user_dir / meta["file"], meta.get("original", "")
        return Entry(f"user:{key}", meta["name"], path, "uploaded", meta["added"], original)
