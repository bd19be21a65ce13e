"""Read a .docx, .xlsx or .pdf in a separate process that cannot hang or exhaust its caller.

pdfplumber, python-docx and openpyxl are large libraries written for well-formed files. A hostile
or badly broken file can keep them busy for hours (a page of a million characters) or make them
inflate gigabytes (a PDF content stream that unpacks 1000:1). So the reader runs in a child process
with an address-space limit (``ParseLimits.memory_mb`` beyond what it starts with) and is killed at
``ParseLimits.timeout_s``; the caller gets the blocks, or one :class:`ParseError`.

Children are forked from a small ``forkserver`` process that has the readers imported once, so a
file costs a fork (milliseconds), not a Python start-up, and a fork never copies the threads of a
web server or a model. Where ``forkserver`` does not exist (Windows) children are spawned; where no
child may be started (inside a daemonic worker process) or ``ParseLimits.isolate`` is off, the file
is read in-process under the same limits, checked between pages and parts.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from align.errors import ParseError, ParseWarning
from align.parse.blocks import Block
from align.parse.limits import Deadline, ParseLimits, timed_out

#: The reader of each format, and how its failures are named.
_WHAT = {
    "pdf": ("not a readable PDF", "export the document to PDF again"),
    "docx": ("not a readable Word document", "open it in Word or WPS and save it again as .docx"),
    "xlsx": ("not a readable Excel workbook", "open it in Excel or WPS and save it again as .xlsx"),
}
_PRELOAD = ["align.parse.pdf_reader", "align.parse.docx_reader", "align.parse.tabular",
            "pdfplumber", "docx", "openpyxl"]  # fmt: skip
#: Seconds the parent waits beyond the time limit for the child's own (clearer) timeout message.
_GRACE = 2.0
_MB = 2**20


def out_of_memory(path: str | Path, limits: ParseLimits) -> ParseError:
    return ParseError(
        path,
        f"reading needs more than {limits.memory_mb:,} MB of memory (the limit); "
        "the file may be damaged or hostile",
        "check the file, split it, or raise memory_mb in the [parse] table of the settings file",
    )


def read_in_process(
    fmt: str, path: Path, limits: ParseLimits, met: list[ParseWarning] | None = None
) -> list[Block]:
    """Read ``path`` with the reader of ``fmt`` here, turning any failure into :class:`ParseError`.

    ``met`` receives what the reader read with doubt (a PDF page whose borderless table was guessed).
    """
    deadline = Deadline(path, limits.timeout_s)
    try:
        if fmt == "pdf":
            from align.parse.pdf_reader import read_pdf

            return read_pdf(path, limits, deadline, met.append if met is not None else None)
        if fmt == "docx":
            from align.parse.docx_reader import read_docx

            return read_docx(path, limits, deadline)
        if fmt == "xlsx":
            from align.parse.tabular import read_xlsx

            return read_xlsx(path, limits, deadline)
    except ParseError:
        raise
    except MemoryError:
        raise out_of_memory(path, limits) from None
    except RecursionError:
        problem, hint = _WHAT[fmt]
        raise ParseError(path, f"{problem} (nested too deeply)", hint) from None
    except Exception as exc:
        if _caused_by(exc, MemoryError):
            raise out_of_memory(path, limits) from None
        problem, hint = _WHAT[fmt]
        raise ParseError(path, f"{problem} ({type(exc).__name__})", hint) from exc
    raise ValueError(f"no isolated reader for {fmt!r}")


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is behind ``exc`` (pdfplumber wraps pdfminer's errors in its own)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        if isinstance(e, kind):
            return True
        seen.add(id(e))
        todo += [e.__cause__, e.__context__, *e.args[:1]]
    return False


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 0


def _limit_memory(limits: ParseLimits) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; the time limit still holds
        return
    soft = _vm_bytes() + limits.memory_mb * _MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _child(conn, fmt: str, path: str, limits: ParseLimits) -> None:
    """The child's whole life: limit memory, read, send ``("ok", (blocks, warnings))`` or
    ``("error", args)``."""
    _limit_memory(limits)
    met: list[ParseWarning] = []
    try:
        message = ("ok", (read_in_process(fmt, Path(path), limits, met), met))
    except ParseError as exc:
        message = ("error", (exc.source, exc.problem, exc.hint, exc.location))
    try:
        conn.send(message)
    except MemoryError:
        os._exit(3)  # the parent reports the memory limit
    finally:
        conn.close()


def _preload() -> list[str]:
    """The readers, and the module of a foreign start method the child will be asked to set.

    A child is told the caller's start method; in a joblib worker that is ``loky``, which only
    exists where joblib's module registering it was imported.
    """
    method = multiprocessing.get_start_method(allow_none=True)
    if method in (None, "fork", "spawn", "forkserver"):
        return _PRELOAD
    return [*_PRELOAD, type(multiprocessing.get_context(method)).__module__]


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_preload())
        return ctx
    return multiprocessing.get_context("spawn")


def can_isolate(limits: ParseLimits) -> bool:
    # A daemonic process (a worker of some pools) may not start children of its own.
    return limits.isolate and not multiprocessing.current_process().daemon


def read_isolated(fmt: str, path: Path, limits: ParseLimits) -> tuple[list[Block], list[ParseWarning]]:
    """Read ``path`` in a child process bounded by ``limits`` (see the module docstring); the blocks,
    and the reader's warnings."""
    met: list[ParseWarning] = []
    if not can_isolate(limits):
        return read_in_process(fmt, path, limits, met), met
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fmt, str(path), limits), name="align-parse", daemon=True)
    try:
        child.start()
    except OSError:  # no process to be had (a process limit): read here, under the same limits
        send.close()
        receive.close()
        return read_in_process(fmt, path, limits, met), met
    send.close()
    try:
        if not receive.poll(limits.timeout_s + _GRACE):
            raise timed_out(path, limits.timeout_s)
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            child.join(5)
            raise _died(path, limits, child.exitcode) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "ok":
        return payload
    raise ParseError(*payload)


def _died(path: Path, limits: ParseLimits, exitcode: int | None) -> ParseError:
    """The child ended without an answer: killed for memory (by us or the system), or crashed."""
    import signal

    if exitcode in (3, -signal.SIGKILL):
        return out_of_memory(path, limits)
    return ParseError(
        path,
        f"the reader stopped on this file (exit code {exitcode}); it is probably damaged",
        "open it and save it again, or export it to PDF/.docx again",
    )
