"""``align bench-sim``: measure embedding models on Chinese similarity benchmarks, beside TF-IDF."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLE = """examples:
  align bench-sim --data ../shared/data/zh-sim --model default
  align bench-sim --data ../shared/data/zh-sim --model models/default --model ~/models/bge-small-zh-v1.5
  align bench-sim --data ../shared/data/zh-sim --model default --card models/default/README.md
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench-sim",
        help="Spearman ×100 on STS-B / LCQMC / PAWS-X test, speed and size, beside TF-IDF",
        description="Score each model (and always the TF-IDF baseline) by the Spearman correlation "
        "×100 between cosine similarity and the gold labels of bench/stsb-test.tsv, "
        "bench/lcqmc-test.tsv and bench/pawsx-test.tsv; time encoding (sentences/s) and report "
        "the model's size. Published C-MTEB figures are shown for reference.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", type=Path, required=True, metavar="DIR", help="the zh-sim folder holding bench/")
    p.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="NAME_OR_PATH",
        help="'default', a local sentence-transformers folder or a cached model name; "
        "repeat for several (TF-IDF is always included)",
    )
    p.add_argument("--sets", default="stsb,lcqmc,pawsx", help="comma-separated: stsb, lcqmc, pawsx")
    p.add_argument("--limit", type=int, metavar="N", help="first N pairs of each set (a quick look)")
    p.add_argument(
        "--speed-sentences",
        type=int,
        default=20000,
        metavar="N",
        help="sentences timed for the speed column (0: skip)",
    )
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads while timing")
    p.add_argument(
        "--card",
        type=Path,
        metavar="README",
        help="also write the table into this model card's evaluation section",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from align.encode import make_encoder
    from align.errors import ConfigError
    from align.modelbuild.bench import (
        PUBLISHED_PAWSX,
        bench_encoder,
        folder_size_mb,
        format_table,
        load_bench,
    )
    from align.settings import DEFAULT_MODEL_DIR

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    bench = load_bench(args.data, sets, args.limit)
    speed_texts = list(dict.fromkeys(t for pairs in bench.values() for p in pairs for t in (p.a, p.b)))
    speed_texts = speed_texts[: args.speed_sentences]
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        pass

    rows = [
        bench_encoder(
            "TF-IDF (jieba words + char 1–3-grams)", make_encoder("tfidf"), bench, speed_texts, None
        )
    ]
    for name in args.model:
        if name == "tfidf":
            continue
        path = DEFAULT_MODEL_DIR if name == "default" else name
        encoder = make_encoder("sentence-transformers", str(path))
        rows.append(bench_encoder(name, encoder, bench, speed_texts, folder_size_mb(encoder.path)))
    table = format_table(rows, sets)
    print(table)
    if "pawsx" in sets:
        print(f"\n{PUBLISHED_PAWSX}; italic rows are published C-MTEB figures, not measured here.")
    if args.card:
        from align.modelbuild.card import update_card_bench

        if not args.card.is_file():
            raise ConfigError(f"{args.card}: model card not found")
        try:
            update_card_bench(args.card, table, _command_line(args))
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
        print(f"\nwritten into {args.card}")
    return 0


def _command_line(args: argparse.Namespace) -> str:
    """The command that measured a table, as written in the model card."""
    import shlex

    parts = ["align", "bench-sim", "--data", str(args.data)]
    for name in args.model:
        parts += ["--model", name]
    if args.sets != "stsb,lcqmc,pawsx":
        parts += ["--sets", args.sets]
    if args.limit:
        parts += ["--limit", str(args.limit)]
    return " ".join(shlex.quote(p) for p in parts)
