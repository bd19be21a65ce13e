"""The on-disk embedding cache shared by every encoder: a second run on the same texts encodes nothing.

One SQLite file (stdlib ``sqlite3``, WAL journal) keyed by (model fingerprint, SHA-1 of the text).
Each ``put_many`` is one transaction, so a crash leaves either all or none of a batch; WAL lets
several processes (a CLI batch run and the web page) read while one writes, and a busy timeout makes
the second writer wait instead of failing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from align.errors import ConfigError

FILENAME = "embeddings.sqlite3"
# A rowid table: vectors are appended and only the small key goes into an index. Keyed by the
# text's hash in the table itself (WITHOUT ROWID, the earlier layout), every insert landed at a random
# place among 1 KB rows: 5-7x slower to write, 3x larger on disk.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    fingerprint TEXT NOT NULL,
    text_sha1 TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (fingerprint, text_sha1)
)
"""
_OLD_TABLE = "vectors"  # the earlier layout: dropped on opening (it is only a cache)
_CHUNK = 500  # keys per SELECT, well under SQLite's bound-parameter limit


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors on disk, keyed by (model fingerprint, SHA-1 of the text).

    Args:
        directory: folder that holds ``embeddings.sqlite3``; created if missing.
        timeout: seconds to wait for another process's write before giving up.
    """

    def __init__(self, directory: str | Path, timeout: float = 60.0) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILENAME
        self.timeout = timeout
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                self._use_wal(db)
                db.execute(_SCHEMA)
                db.execute(f"DROP TABLE IF EXISTS {_OLD_TABLE}")
        except (OSError, sqlite3.DatabaseError) as exc:
            raise ConfigError(
                f"embedding cache {self.path} cannot be opened ({exc}) — delete the file or choose "
                "another cache folder (ALIGN_CACHE_DIR) or run with --no-cache"
            ) from exc

    def _use_wal(self, db: sqlite3.Connection) -> None:
        # Switching a new file to WAL while another process writes to it (creating the table, say)
        # fails at once with "database is locked": SQLite does not wait here, so wait and retry.
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per call: safe across threads (UI callbacks) and processes.
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous=NORMAL")
            yield db
        finally:
            db.close()

    def get_many(self, fingerprint: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Return the cached vectors of those ``texts`` that have one (missing texts are left out)."""
        by_key: dict[str, list[str]] = {}
        for text in texts:
            by_key.setdefault(text_key(text), []).append(text)
        found: dict[str, np.ndarray] = {}
        keys = list(by_key)
        with self._connect() as db:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT text_sha1, dim, vector FROM embeddings "
                    f"WHERE fingerprint = ? AND text_sha1 IN ({marks})",
                    [fingerprint, *chunk],
                )
                for key, dim, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape != (dim,):
                        continue  # a damaged row is a miss, re-encoded and overwritten
                    for text in by_key[key]:
                        found[text] = vector
        return found

    def put_many(self, fingerprint: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors in one transaction (all of them or, on failure, none)."""
        rows = []
        for text, vector in vectors.items():
            vector = np.ascontiguousarray(vector, dtype=np.float32).ravel()
            rows.append((fingerprint, text_key(text), int(vector.shape[0]), vector.tobytes()))
        if not rows:
            return
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", rows)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def count(self, fingerprint: str | None = None) -> int:
        """How many vectors are stored (for one model fingerprint, or in all)."""
        with self._connect() as db:
            if fingerprint is None:
                return db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
            query = "SELECT COUNT(*) FROM embeddings WHERE fingerprint = ?"
            return db.execute(query, (fingerprint,)).fetchone()[0]

    def clear(self, fingerprint: str | None = None) -> None:
        """Forget the vectors of one model, or all of them."""
        with self._connect() as db:
            if fingerprint is None:
                db.execute("DELETE FROM embeddings")
            else:
                db.execute("DELETE FROM embeddings WHERE fingerprint = ?", (fingerprint,))
