"""``align build-model``: rebuild the default embedding model from the public pair data."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLE = """examples:
  align build-model --data ../shared/data/zh-sim --lexicon ../shared/data/lexicon/cilin_ex.txt \\
      --out models/default
  align build-model --data ../shared/data/zh-sim --out /tmp/tiny-model --tiny
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build-model",
        help="train align's own Chinese embedding model (a sentence-transformers folder)",
        description="Build the default StaticEmbedding model: vocabulary and tokenizer, initial "
        "vectors, contrastive training on zh-sim train/ (best stsb-dev epoch), model card. "
        "Deterministic for a given --seed; about 20 minutes on 2 cores.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--data",
        type=Path,
        required=True,
        metavar="DIR",
        help="the zh-sim folder (its train/ is read; bench/ never is)",
    )
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="model folder to write (an existing model folder is replaced)",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        metavar="FILE",
        help="同义词词林 cilin_ex.txt: add its synonym groups as training pairs",
    )
    p.add_argument(
        "--corpora",
        type=Path,
        metavar="DIR",
        help="mine domain pairs from this corpora folder (default: the project's corpora/)",
    )
    p.add_argument("--no-corpora", action="store_true", help="do not mine domain pairs")
    p.add_argument(
        "--tiny",
        action="store_true",
        help="a few hundred pairs, tiny vocabulary, 2 epochs: proves the recipe in seconds",
    )
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--epochs", type=int, help="training epochs (default: the recipe's)")
    p.add_argument("--dim", type=int, help="embedding dimension (default: the recipe's)")
    p.add_argument("--lr", type=float, help="learning rate (default: the recipe's)")
    p.add_argument("--segmenter", choices=("unigram", "greedy"), help="tokenizer segmenter")
    p.add_argument("--fp32", action="store_true", help="store float32 weights (twice the size)")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from align.errors import ConfigError
    from align.modelbuild.build import BuildConfig, build_model
    from align.settings import CORPORA_DIR

    cfg = BuildConfig.tiny() if args.tiny else BuildConfig()
    if not args.no_corpora:
        cfg.corpora = args.corpora or CORPORA_DIR
        if not cfg.corpora.is_dir():
            raise ConfigError(f"{cfg.corpora}: corpora folder not found — pass --corpora DIR or --no-corpora")
    cfg.lexicon = args.lexicon
    cfg.train.seed = args.seed
    cfg.fp16 = not args.fp32
    for name in ("epochs", "lr"):
        if getattr(args, name) is not None:
            setattr(cfg.train, name, getattr(args, name))
    for name in ("dim", "segmenter"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    build_model(args.data, args.out, cfg, progress=lambda line: print(line, flush=True))
    return 0
