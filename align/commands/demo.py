"""``align demo``: the main job on the bundled sample corpora, for a first look with no files."""

from __future__ import annotations

import argparse
from pathlib import Path

from align.settings import CORPORA_DIR

DEMO_STANDARD = CORPORA_DIR / "standards" / "web-frontend.md"
DEMO_SYLLABI = CORPORA_DIR / "syllabi" / "软件技术"


def register(sub: argparse._SubParsersAction) -> None:
    from align.commands.common import add_job_options

    p = sub.add_parser(
        "demo",
        help="run the main job on the bundled sample standard and syllabi",
        description="Match the bundled Web前端开发 standard against the sample 软件技术 major's syllabi.",
        epilog="example: align demo --out out/   then open out/report.html",
    )
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR")
    add_job_options(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from align.commands.run import run_job
    from align.errors import AlignError

    if not DEMO_STANDARD.exists() or not DEMO_SYLLABI.is_dir():
        raise AlignError(f"the bundled corpora are missing ({DEMO_STANDARD}); run align from a full checkout")
    return run_job([DEMO_STANDARD], [DEMO_SYLLABI], args.out, args)
