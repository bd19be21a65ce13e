"""``align parse``: show what align reads in documents, as JSON (schema ``align.parse/1``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXAMPLE = """examples:
  align parse corpora/standards/web-frontend.md --json
  align parse 课程标准/ --kind syllabus --json > parsed.json"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse",
        help="parse standards, syllabi or training plans and print what was read",
        description="Parse documents (.docx, .pdf, .xlsx, .csv, .md, .txt) without matching. "
        "Folders are searched for supported files.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="documents or folders")
    p.add_argument(
        "--kind", choices=["standard", "syllabus", "plan"], help="document kind (default: detected)"
    )
    p.add_argument(
        "--json", action="store_true", help="print align.parse/1 JSON (the default output is a summary)"
    )
    p.add_argument(
        "--config",
        type=Path,
        help="settings file (TOML): its [parse] limits apply; see README 'Configuration'",
    )
    p.set_defaults(handler=run)


def _summary(doc) -> str:
    from align.documents import Standard, Syllabus

    if isinstance(doc, Standard):
        levels = ", ".join(f"{lv.name} {len(lv.points)}" for lv in doc.levels)
        return f"standard  {doc.name}: {levels} skill points ({doc.source})"
    if isinstance(doc, Syllabus):
        hours = f", {doc.hours.total:g} h" if doc.hours.total is not None else ""
        items = sum(len(u.items) for u in doc.units)
        return f"syllabus  {doc.course}: {len(doc.units)} units, {items} items{hours} ({doc.source})"
    return f"plan      {doc.major}: {len(doc.courses)} courses ({doc.source})"


def run(args: argparse.Namespace) -> int:
    from align.commands.run import print_warnings
    from align.parse import documents_to_json, load_documents, warnings_of
    from align.settings import load_settings

    # The limits of reading (the [parse] table), as align run reads them: a file too large for the
    # defaults is shown with the settings that let align run read it.
    limits = load_settings(args.config).parse
    docs = load_documents(args.paths, kind=args.kind, limits=limits)
    # On stderr: stdout stays the summary or the JSON, whatever the documents hold.
    print_warnings(warnings_of(docs))
    if args.json:
        json.dump(documents_to_json(docs), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for doc in docs:
            print(_summary(doc))
    return 0
