"""One major's work, run in a worker process (joblib or Dask): parse, match, rank, write, record.

Every standard the major is ranked or reported against is matched in a single pass, so the
course content is encoded once and one score matrix serves both the 证书遴选 ranking and the
major's own reports (which therefore agree to the digit). The function is pure in what it returns
and writes only into the major's own folder, so any worker can run any major.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from align.batch.config import BatchSettings, MajorSpec
from align.batch.inputs import MajorInputs
from align.batch.manifest import forget_result, remove_manifest, write_manifest
from align.batch.results import course_key, failure, major_result, parse_reason, plan_check
from align.batch.selection import choose_top, rank_standards
from align.documents import Standard, Syllabus
from align.encode.base import Encoder
from align.errors import AlignError, ConfigError, ParseError, ParseWarning
from align.files import shown
from align.settings import Settings
from align.text import teach_lexicons

# Per worker process: the encoder (a loaded model), the lexicons already taught to the segmenter,
# and syllabi parsed by content (majors of one 专业群 often share the very same 课程标准 file).
_ENCODERS: dict[tuple, Encoder | None] = {}
_PARSED: dict[tuple[str, str], Syllabus] = {}
_PARSED_MAX = 512  # a few MB; enough for the courses a 专业群 shares


@dataclass(frozen=True)
class MajorJob:
    spec: MajorSpec
    inputs: MajorInputs
    standards: tuple[Standard, ...]  # the major's listed standards, parsed once by the coordinator
    library: tuple[Standard, ...]  # the library's standards that parsed
    settings: Settings
    level: str | None
    options: BatchSettings
    folder: Path
    manifest: dict  # key, inputs, settings, model: recorded once the reports are written


def run_major(job: MajorJob) -> dict:
    """Compute one major; returns its result, or a failure naming the file and the reason."""
    started = time.perf_counter()
    remove_manifest(job.folder)  # from here until the new manifest, the folder's reports are not current
    timing: dict[str, float] = {}
    try:
        result = _compute(job, timing)
    except ParseError as exc:
        forget_result(job.folder)
        return failure(job.spec.name, exc.source, parse_reason(exc))
    except AlignError as exc:
        forget_result(job.folder)
        return failure(job.spec.name, "", str(exc))
    except Exception as exc:  # one major's bug must not cost the other majors
        if os.environ.get("ALIGN_DEBUG"):
            traceback.print_exc()
        forget_result(job.folder)
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" at {Path(tb.filename).name}:{tb.lineno}" if tb else ""
        return failure(
            job.spec.name, "", f"internal error: {type(exc).__name__}: {exc}{where}", internal=True
        )
    # How long, and on what, is kept beside the result (not in it): results must not depend on the run.
    run = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 3),
        "timing": {stage: round(t, 3) for stage, t in timing.items()},
    }
    write_manifest(job.folder, {**job.manifest, **run, "result": result})
    return {**result, **run}


def _compute(job: MajorJob, timing: dict[str, float]) -> dict:
    """The major's result; ``timing`` receives the seconds spent parsing, matching and writing."""
    from align.pipeline import align_documents
    from align.report import write_reports

    clock = time.perf_counter()
    syllabi, plan, warnings = _syllabi(job)
    teach_lexicons(job.settings.lexicons)  # as align run does: domain terms stay whole words
    timing["parse"], clock = time.perf_counter() - clock, time.perf_counter()
    library = {s.source: s for s in job.library}
    listed = [s for s in job.standards if s.source not in library]
    for std in job.standards:
        _check_level(std, job.level)  # a listed standard without the level is this major's error
    offered = [s for s in library.values() if _has_level(s, job.level)]
    not_ranked = [
        {"standard": s.name, "source": s.source, "level": job.level, "reason": f"no level {job.level}"}
        for s in library.values()
        if not _has_level(s, job.level)
    ]
    # A major that lists its standards is reported against those only: the rest of the library is
    # ranked by status, without the evidence that only a report shows (see align_documents: the
    # reported standards get the figures `align run` gives them). An `auto` major's reported
    # standards are known only after ranking: they are matched again, on their own, with evidence.
    encoder = _encoder(job.settings)
    cite = {s.source for s in job.standards}  # empty for an `auto` major
    report = align_documents([*offered, *listed], syllabi, job.settings, job.level, encoder, cite)
    names = [job.spec.name, *job.spec.aliases]
    by_source = {sc.standard.source: sc for sc in report.standards}

    def ranked() -> list[dict]:
        coverages = [by_source[s.source] for s in offered]
        return rank_standards(coverages, names, job.options.listed_bonus, job.options.missing_below)

    if job.spec.auto:

        def match_alone(sources: list[str]) -> None:
            nonlocal report
            report = align_documents([library[s] for s in sources], syllabi, job.settings, job.level, encoder)
            by_source.update((sc.standard.source, sc) for sc in report.standards)

        chosen = choose_top(ranked, match_alone, job.options.auto_top)
    else:
        chosen = [s.source for s in job.standards]
    ranking = ranked()  # an `auto` major's chosen standards' rows give their reports' figures
    timing["match"], clock = time.perf_counter() - clock, time.perf_counter()
    for row in ranking:
        row["chosen"] = row["source"] in chosen
    reported = replace(report, standards=[by_source[s] for s in chosen])
    write_reports(reported, job.folder, tuple(job.options.formats))
    timing["reports"] = time.perf_counter() - clock
    warnings += [w for sc in reported.standards for w in sc.standard.warnings]  # the reported ones'
    return major_result(
        job.spec.name, reported, ranking, not_ranked, job.options.weakest, plan, [str(w) for w in warnings]
    )


def _syllabi(job: MajorJob) -> tuple[list[Syllabus], dict | None, list[ParseWarning]]:
    """The major's syllabi, each course read once (as `align run` reads them), its plan check, and
    every warning met reading them (points left out, a course given twice, a standard among them)."""
    from align.parse import load_syllabi, parse_file, warnings_of

    files = list(job.inputs.syllabi)
    plan = parse_file(job.inputs.plan, kind="plan") if job.inputs.plan is not None else None
    if plan is not None and not files:
        wanted = {course_key(c.course) for c in plan.courses}
        files = [f for f in job.inputs.pool if course_key(f.stem) in wanted]
        if not files:
            raise ParseError(
                job.inputs.plan,
                "none of the plan's courses has a syllabus in the college's syllabi folder",
                "name the syllabus files after the courses (e.g. Python程序设计.docx) "
                "or list the major's syllabi",
            )
    syllabi, left_out = load_syllabi(files, read=_parse_syllabus, standard_hint=_STANDARD_HINT)
    if files and not syllabi:  # every file was another kind of document
        raise ParseError(files[0], "none of the major's files is a syllabus (课程标准)", _SYLLABI_HINT)
    warnings = [*warnings_of([plan] if plan else []), *left_out, *warnings_of(syllabi)]
    return syllabi, (plan_check(plan, syllabi) if plan is not None else None), warnings


_SYLLABI_HINT = "list the major's syllabi (课程标准) in the batch config"
_STANDARD_HINT = "give a standard in the major's standards or in the library, not among its syllabi"


def _parse_syllabus(path: Path) -> tuple[Syllabus, str]:
    """A syllabus and the digest of its bytes, parsed once per worker for files shared by majors."""
    from align.parse import parse_file

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    # The name is part of the key: a syllabus without a title is named after its file.
    key = (digest, path.name)
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = parse_file(path, kind="syllabus")
    cached = _PARSED[key]
    # Another major's copy of the file: its warnings name this major's file.
    warnings = [replace(w, source=shown(path)) for w in cached.warnings]
    return replace(cached, source=shown(path), warnings=warnings), digest


def _has_level(standard: Standard, level: str | None) -> bool:
    try:
        _check_level(standard, level)
    except ConfigError:
        return False
    return True


def _check_level(standard: Standard, level: str | None) -> None:
    from align.coverage import select_levels

    select_levels(standard, level)


def _encoder(settings: Settings) -> Encoder | None:
    """One encoder per worker process and model, so a model is loaded once, not once per major."""
    from align.pipeline import make_encoder_for

    key = (settings.match.model, settings.match.method, settings.cache_dir)
    if key not in _ENCODERS:
        _ENCODERS[key] = make_encoder_for(settings)
    return _ENCODERS[key]
