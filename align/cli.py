"""The ``align`` command line: argument parsing and the translation of errors into exit codes.

Each subcommand lives in ``align/commands/<name>.py`` with ``register(subparsers)``, which adds its
parser and sets ``handler``. Those modules import heavy libraries inside their handlers only, so
``align --help`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

from align import __version__
from align.errors import AlignError

COMMANDS = ["run", "demo", "parse", "batch", "serve", "evaluate", "calibrate", "build_model", "bench_sim"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="align",
        description="Measure how well a major's courses cover a vocational skill certificate standard.",
        epilog="example: align run --standard 标准.md --syllabi 课程标准/ --out out/",
    )
    parser.add_argument("--version", action="version", version=f"align {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"align.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Nothing align does needs the network; keep libraries from trying.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except AlignError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output has gone (`align evaluate | head`): stop quietly, as other tools
        # do. Point stdout at /dev/null so that flushing it at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped the same way
    except Exception as exc:
        if os.environ.get("ALIGN_DEBUG"):
            raise
        print(
            f"align: internal error: {type(exc).__name__}: {exc} "
            "(set ALIGN_DEBUG=1 for a traceback and report it)",
            file=sys.stderr,
        )
        return 1
