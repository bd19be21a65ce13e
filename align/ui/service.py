"""The page's jobs without the page: uploads → documents → report → stored reviews → report files.

Callbacks in :mod:`align.ui.callbacks` only translate between Gradio values and these functions, so
everything here is tested without a browser. A bad file never stops the others: its problem is kept
for the page and the job goes on with the rest.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.documents import CoverageReport, Standard, Syllabus
from align.errors import AlignError, ParseError, ParseWarning, WrongKindError
from align.parse.duplicates import unique_courses
from align.review import Applied, ReviewStore, default_scope
from align.review.signoff import SignoffStore
from align.settings import CORPORA_DIR, Settings
from align.ui.config import ServeSettings
from align.ui.engine import Engine
from align.ui.library import StandardsLibrary
from align.ui.messages_zh import message_to_chinese, to_chinese, without_server_paths
from align.ui.uploads import Upload, collect, drop_copies, file_digest

Progress = Callable[[float, str], None]
KIND_LABEL = {"standard": "职业技能等级标准", "syllabus": "课程标准", "plan": "人才培养方案"}
REPORT_FORMATS = ("json", "xlsx", "html", "csv")
#: Longest major name (the scope reviews are kept under).
MAX_SCOPE = 100


def _no_progress(_fraction: float, _desc: str) -> None:
    pass


class JobError(AlignError):
    """Nothing usable was uploaded; the message lists every file's problem."""


@dataclass
class Job:
    """One analysis: the report (with reviews applied), its files and the problems met on the way."""

    report: CoverageReport
    scope: str
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: What the page should know about inputs it used differently than given (copies left out).
    notices: list[str] = field(default_factory=list)
    applied: Applied = field(default_factory=Applied)


@dataclass
class Gathered:
    """The documents of one run, the files that could not be used, and the notices for the page."""

    standards: list[Standard]
    syllabi: list[Syllabus]
    problems: list[tuple[str, str]]
    notices: list[str] = field(default_factory=list)


@dataclass(eq=False)  # compared by identity: two Given of the same file are still two choices
class Given:
    """A standard as the user gave it: from the library (no ``path`` to keep) or uploaded."""

    label: str
    digest: str
    doc: Standard
    path: Path | None = None


def same_standard(a: Given, b: Given) -> bool:
    """The same standard: the same bytes, or the same title once parsed (another format of it, or a
    newer copy of a library standard; the review decisions are kept per title too)."""
    return a.digest == b.digest or a.doc.name.strip() == b.doc.name.strip()


def once_each(given: Sequence[Given]) -> tuple[list[Given], list[tuple[Given, Given]]]:
    """The standards to analyse, the first of each kept; and the (left out, kept) pairs."""
    kept: list[Given] = []
    twins: list[tuple[Given, Given]] = []
    for g in given:
        twin = next((k for k in kept if same_standard(k, g)), None)
        if twin is None:
            kept.append(g)
        else:
            twins.append((g, twin))
    return kept, twins


def problem_text(exc: AlignError, label: str) -> str:
    """A file's error for the page, in Chinese, naming the file as uploaded, not by its temporary path
    (nor by any other path on the server)."""
    if isinstance(exc, ParseError):
        return warning_text(exc)  # the same parts: location, problem, hint
    text = message_to_chinese(str(exc).replace(str(label), "").strip(": ") or str(exc))
    return without_server_paths(text)


def warning_text(said: ParseWarning | ParseError) -> str:
    """A parser's warning (or error) for the page, in Chinese, without its file (the page names it)."""
    where = f"（{to_chinese(said.location)}）" if said.location else ""
    text = f"{where}{to_chinese(said.problem)}" + (f"。{to_chinese(said.hint)}" if said.hint else "")
    return without_server_paths(text)


def wrong_box_hint(path: Path, wanted: str, limits=None) -> str:
    """When a file parses as another kind than its box asks for, say where it belongs."""
    from align.parse.detect import detect_kind
    from align.parse.read import read_blocks

    try:
        kind = detect_kind(read_blocks(path, limits))
    except AlignError:
        return ""
    if kind and kind != wanted:
        return f"这份文件看起来是{KIND_LABEL[kind]}，不是{KIND_LABEL[wanted]}；请上传到对应的一栏"
    return ""


class Service:
    """Everything the page needs, built once per process."""

    def __init__(self, settings: Settings, serve: ServeSettings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.serve = serve
        self.engine = engine or Engine(settings)
        self.store = ReviewStore(serve.database_url)
        self.signoffs = SignoffStore(self.store.engine)
        bundled = CORPORA_DIR / "standards"
        self.library = StandardsLibrary(bundled if bundled.is_dir() else None, serve.library_dir)
        serve.runs_dir.mkdir(parents=True, exist_ok=True)

    @property
    def max_bytes(self) -> int:
        return self.serve.max_file_mb * 2**20

    @property
    def limits(self):
        """Bounds on parsing one upload (``Settings.parse``; the defaults until Settings has it)."""
        return getattr(self.settings, "parse", None)

    def _parse(self, path: Path, kind: str):
        from align.parse import parse_file

        # Its warnings name the temporary upload: the page names the file itself (see warning_text).
        return parse_file(path, kind=kind, limits=self.limits)

    def prune_runs(self, now: float | None = None) -> int:
        """Remove report folders older than ``keep_runs_days``; return how many."""
        if self.serve.keep_runs_days <= 0:
            return 0
        limit = (now or time.time()) - self.serve.keep_runs_days * 86400
        removed = 0
        for run in self.serve.runs_dir.iterdir():
            if run.is_dir() and run.stat().st_mtime < limit:
                shutil.rmtree(run, ignore_errors=True)
                removed += 1
        return removed

    # -- parsing -----------------------------------------------------------------------------------

    def _parse_all(self, upload: Upload, kind: str, progress: Progress, start: float, span: float):
        docs = []
        n = max(1, len(upload.files))
        for i, path in enumerate(upload.files):
            label = upload.label(path)
            progress(start + span * i / n, f"解析 {label}")
            try:
                doc = self._parse(path, kind)
            except AlignError as exc:
                # A WrongKindError already says where the file belongs.
                asks = isinstance(exc, ParseError) and not isinstance(exc, WrongKindError)
                hint = wrong_box_hint(path, kind, self.limits) if asks else ""
                upload.problems.append((label, problem_text(exc, str(path)) + (f"。{hint}" if hint else "")))
                continue
            doc.source = label  # the name the user knows; the temporary upload path means nothing
            docs.append((path, label, doc))
        return docs

    def standard_levels(self, library_ids: Sequence[str], uploads: Sequence[str | Path] | None) -> list[str]:
        """The levels of the chosen standards, in order, for the level menu (unreadable ones skipped)."""
        paths = [self.library.get(i).path for i in library_ids or []] + [Path(p) for p in uploads or []]
        levels: dict[str, None] = {}
        for path in paths:
            if path.suffix.lower() == ".zip":
                continue
            try:
                doc = self._parse(path, "standard")
            except AlignError:
                continue
            levels.update(dict.fromkeys(lv.name for lv in doc.levels))
        return list(levels)

    def gather(
        self,
        standard_uploads: Sequence[str | Path] | None,
        library_ids: Sequence[str] | None,
        syllabus_uploads: Sequence[str | Path] | None,
        work_dir: Path,
        progress: Progress = _no_progress,
    ) -> Gathered:
        """Parse every upload; keep the standards that parse in the library; report the rest.

        A file uploaded twice (the same bytes) is read once, and a standard given twice (chosen from the
        library and uploaded, or uploaded in two formats) is counted once; the page is told of both.
        """
        n_std = len(standard_uploads or [])
        if n_std + len(syllabus_uploads or []) > self.serve.max_files:
            raise JobError(f"一次最多上传 {self.serve.max_files} 个文件，请分批分析")
        budget = self.serve.max_total_bytes
        std_up = collect(
            standard_uploads, work_dir / "standards", self.serve.max_files, self.max_bytes, budget
        )
        room = max(1, self.serve.max_files - len(std_up.files))
        syl_up = collect(syllabus_uploads, work_dir / "syllabi", room, self.max_bytes, budget, std_up.total)
        notices = _copies_notice(drop_copies(std_up) + drop_copies(syl_up))
        standards, twins = self._standards(std_up, library_ids or [], progress)
        notices += twins
        syllabi = [doc for _, _, doc in self._parse_all(syl_up, "syllabus", progress, 0.15, 0.35)]
        syllabi, twin_courses = unique_courses(syllabi)  # one course in two formats counts once
        notices += [f"{w.source}：{warning_text(w)}" for w in twin_courses]
        # What the parsers left out or worked around inside a file (a point with no text …).
        notices += [
            f"{doc.source}：{warning_text(w)}" for doc in [*standards, *syllabi] for w in doc.warnings
        ]
        problems = std_up.problems + syl_up.problems
        if not standards:
            raise JobError(_nothing("职业技能等级标准", problems, "请从标准库选择，或上传一份标准"))
        if not syllabi:
            raise JobError(_nothing("课程标准", problems, "请上传本专业的课程标准（可多选，或上传 zip）"))
        return Gathered(standards, syllabi, problems, notices)

    def _standards(
        self, std_up: Upload, library_ids: Sequence[str], progress: Progress
    ) -> tuple[list[Standard], list[str]]:
        """The standards chosen and uploaded, each once, and a notice for each left out. The uploads
        that parse join the library."""
        chosen = self._library_standards(library_ids, std_up.problems)
        uploaded = [
            Given(label, std_up.digests.get(path) or file_digest(path), doc, path)
            for path, label, doc in self._parse_all(std_up, "standard", progress, 0.0, 0.15)
        ]
        given, twins = once_each(uploaded + chosen)  # an upload first: the user's own copy wins
        for g in given:
            if g.path is not None:
                self.library.add(g.path, g.doc.name, g.label)
        standards = [g.doc for g in chosen + uploaded if g in given]  # the library's first, as listed
        return standards, [_twin_notice(dropped, kept) for dropped, kept in twins]

    def _library_standards(self, library_ids: Sequence[str], problems: list[tuple[str, str]]) -> list[Given]:
        """The standards chosen from the library, parsed; those that fail are added to ``problems``."""
        out = []
        for entry_id in library_ids:
            entry = self.library.get(entry_id)
            try:
                doc = self._parse(entry.path, "standard")
            except AlignError as exc:
                problems.append((entry.label, problem_text(exc, str(entry.path))))
                continue
            doc.source = entry.label  # the name the page shows, never the file's place on the server
            out.append(Given(entry.label, file_digest(entry.path), doc))
        return out

    # -- the job -----------------------------------------------------------------------------------

    def analyse(
        self,
        standard_uploads: Sequence[str | Path] | None,
        library_ids: Sequence[str] | None,
        syllabus_uploads: Sequence[str | Path] | None,
        level: str | None = None,
        scope: str | None = None,
        progress: Progress = _no_progress,
    ) -> Job:
        """Parse, match, apply the stored reviews and write the reports of one analysis."""
        if len((scope or "").strip()) > MAX_SCOPE:
            raise JobError(f"专业名称过长（最多 {MAX_SCOPE} 字）")
        with tempfile.TemporaryDirectory(prefix="align-upload-") as tmp:
            gathered = self.gather(standard_uploads, library_ids, syllabus_uploads, Path(tmp), progress)
            standards, syllabi = gathered.standards, gathered.syllabi
            if not self.engine.loaded:
                progress(0.5, "加载模型（仅首次）")
            encoder_progress = self.engine.encoder()
            if encoder_progress is not None:
                encoder_progress.progress = True  # tqdm bars, which the page's progress bar follows
            progress(0.55, "编码与匹配")
            report = self.engine.align(standards, syllabi, (level or "").strip() or None)
        job = Job(
            report,
            (scope or "").strip() or default_scope(syllabi),
            self._new_run_dir(),
            problems=gathered.problems,
            notices=gathered.notices,
        )
        progress(0.85, "应用审核意见")
        self.refresh(job)
        progress(1.0, "完成")
        return job

    def _new_run_dir(self) -> Path:
        path = self.serve.runs_dir / uuid.uuid4().hex
        path.mkdir(parents=True)
        return path

    def refresh(self, job: Job) -> Job:
        """Re-apply the stored decisions to the job's report and rewrite its files."""
        from align.report import write_reports

        job.applied = self.store.apply(job.report, job.scope)
        for sc in job.report.standards:  # checked against the results as the decisions now make them
            signed = self.signoffs.latest(job.scope, sc)
            sc.signoff = signed.to_json() if signed is not None else None
        job.files = write_reports(job.report, job.out_dir, REPORT_FORMATS)
        return job

    def sign(self, job: Job, standard_index: int, signer: str, note: str = "") -> None:
        """The committee signs one standard's reviewed results for the job's major; the reports are
        rewritten with the sign-off (:class:`ReviewError` when it cannot be signed yet)."""
        self.signoffs.sign(job.scope, job.report.standards[standard_index], signer, note)
        self.refresh(job)


def _copies_notice(copies: list[tuple[str, str]]) -> list[str]:
    if not copies:
        return []
    return ["已忽略重复文件：" + "、".join(f"{copy}（与 {kept} 内容相同）" for copy, kept in copies)]


def _twin_notice(dropped: Given, kept: Given) -> str:
    where = "标准库中的" if dropped.path is None else "上传的"
    return (
        f"{where}“{dropped.label}”与“{kept.label}”是同一份标准（{kept.doc.name}），只计一次，"
        f"按“{kept.label}”分析"
    )


def _nothing(what: str, problems: list[tuple[str, str]], hint: str) -> str:
    lines = [f"没有可用的{what}：{hint}。"]
    lines += [f"{name}：{msg}" for name, msg in problems]
    return "\n".join(lines)
