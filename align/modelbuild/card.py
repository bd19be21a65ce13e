"""The model card (``README.md`` of the model folder): data and licences, recipe, figures.

``build-model`` writes it; ``bench-sim --card`` fills the evaluation section between the two
markers, so every figure in the card comes from a command that can be re-run.
"""

from __future__ import annotations

import re
from pathlib import Path

BENCH_START = "<!-- bench-sim:start -->"
BENCH_END = "<!-- bench-sim:end -->"
BENCH_NOTE = (
    "Spearman ×100 of cosine similarity. sentences/s: wall clock on the build machine's 2 CPU cores "
    "(TF-IDF's includes fitting its vocabulary). Italic rows are published C-MTEB figures, not "
    "measured here; published PAWS-X figures range from 9.97 to 22.45."
)

# (data, use, licence) rows of the card's data table.
_DATA_ROWS = [
    (
        "zh-sim `train/` (collection zejunwang1/CSTS): AFQMC train+dev, LCQMC dev, OPPO 小布 dev, "
        "PAWS-X zh dev, Chinese STS-B train, CMNLI/CNSD-SNLI/OCNLI dev+test",
        "paraphrase pairs (MNRL), NLI triplets with contradiction hard negatives (MNRL), graded and "
        "binary pairs (CoSENT), vocabulary",
        "those of the original releases (listed in the zh-sim README); several are for research or "
        "non-commercial use only",
    ),
    ("zh-sim `train/stsb-dev.tsv`", "choosing the best epoch only", "as Chinese STS-B"),
    (
        "同义词词林扩展版 (HIT-SCIR), `cilin_ex.txt`",
        "synonym word pairs (`=` groups){cilin_note}",
        "distributed by its authors for research use",
    ),
    (
        "align `corpora/` (written for the project)",
        "requirement↔task, unit title↔content, lexicon term↔synonym pairs{corpora_note}",
        "the project's own",
    ),
    ("jieba dictionary", "vocabulary and segmentation frequencies", "MIT"),
]

_TEMPLATE = """---
language: zh
library_name: sentence-transformers
pipeline_tag: sentence-similarity
license: other
tags:
- sentence-transformers
- sentence-similarity
- static-embeddings
- align
---

# align default Chinese embedding model (StaticEmbedding)

A static embedding model for short Chinese texts — vocational skill requirements and syllabus content
points — built by align's own code on a laptop-class CPU. One `StaticEmbedding` module: the sentence
vector is the mean of the vectors of its tokens, so it encodes tens of thousands of sentences per
second on two cores and needs no GPU and no download.

```python
from sentence_transformers import SentenceTransformer

model = SentenceTransformer("models/default")  # offline; only sentence-transformers needed
vectors = model.encode(["能使用Python进行数据清洗", "利用pandas处理缺失值与重复值"])
print(model.similarity(vectors[0], vectors[1]))
```

The tokenizer (`tokenizer.json`) is self-contained: raw text in, no pre-segmentation. It normalises
(NFKC, lower case), splits on white space and punctuation, and segments each run with the
**{segmenter}** segmenter over {vocab_size:,} entries: every CJK Unified Ideograph, printable ASCII, and
the jieba dictionary words and Latin terms seen at least {min_count} times in the training text
(at most {max_words:,}). Unigram scores are jieba's word log-frequencies, so segmentation follows the
same most-probable path jieba computes.

| | |
|---|---|
| architecture | `StaticEmbedding` (mean of token vectors), {dim} dimensions, {dtype} |
| vocabulary | {vocab_size:,} entries |
| best epoch (stsb-dev) | {best_epoch} of {epochs} |
| build time | {build_minutes:.1f} min on this machine (2 CPU cores) |
| versions | {versions} |

`encode` returns float16 arrays for this model (the stored weights); cast with `.astype("float32")`
where a library needs float32. align's own encoder does that and L2-normalises.

## Evaluation

{bench_start}
*Not measured yet: run `align bench-sim --data DIR --model models/default --card models/default/README.md`.*
{bench_end}

## Training data and licences

The training text is read from a data folder given on the command line; none of it is in this folder
or in the align repository.

{data_table}

`bench/` (STS-B test, LCQMC test, PAWS-X test) is used by `align bench-sim` only — never for training,
tuning or choosing epochs. Note that a few benchmark pairs also occur verbatim in the published
training files (22 of 1,361 STS-B test pairs, 7 of 12,500 LCQMC test pairs, 25 of 2,000 PAWS-X test
pairs), as in the original releases.

Because several training sets are licensed for research, treat these weights as research/education
artefacts; rebuild without a set (or with your own pairs) if your use needs other terms.

Held-out rule: domain pairs come only from the standards web-frontend, ecommerce-data, elderly-care,
the majors 软件技术, 电子商务, 智慧健康养老服务与管理 and the lexicons it-web, ecommerce, elderly-care;
nothing from the standards, majors or lexicons align's held-out evaluation uses, nor from
`corpora/labels/`.

Training pairs used in this build: {data_summary}.

## Recipe

```
{command}
```

1. Vocabulary and `tokenizer.json` as above; words the tokenizer itself never produces on the
   training text are dropped (they could not be trained).
2. Initial vectors: **{init}** — random directions scaled by each token's IDF over the training
   sentences. On its own this is already a lexical model (stsb-dev at "initial vectors" below);
   tokens never seen start, and stay, at zero so they drop out of the mean.
3. Character composition (weight {compose}): during training a word's vector is its own row plus
   {compose} × the mean of its characters' rows (the fastText idea for Chinese), so rare words
   borrow from well-trained characters; the saved matrix holds the composed vectors, so the model
   is a plain `StaticEmbedding`.
4. Contrastive training with sentence-transformers' losses: `MultipleNegativesRankingLoss`
   (symmetric) on paraphrase pairs, mined domain pairs and synonym pairs, and on NLI
   (premise, entailed, contradicted) triplets; `CoSENTLoss` on graded and binary pairs, each batch
   from one source. Sparse Adam, learning rate {lr} decaying linearly to 0, batch {batch_size}
   (CoSENT {graded_batch_size}), {epochs} epochs, seed {seed}.
5. After every epoch the Spearman correlation on `stsb-dev` is measured; the best epoch is kept.
6. Weights stored as {dtype} (`model.safetensors`).

| epoch | training loss | stsb-dev Spearman ×100 |
|---|---|---|
{epoch_rows}

## Design choices, measured

Each choice of the recipe was compared on `train/` data only: Spearman ×100 on `stsb-dev` and on
the last 2,000 pairs of `lcqmc-dev`, held out of training for these comparisons (the final build
trains on all of it). 256 dimensions, 20 epochs, best `stsb-dev` epoch, unless noted.

| variant | stsb-dev | lcqmc-dev hold-out |
|---|---|---|
| initial IDF-random vectors, untrained | 70.4 | 42.1 |
| trained, learning rate 0.05 (15 epochs) | 71.3 | 67.0 |
| learning rate 0.01 | 74.3 | 67.1 |
| learning rate 0.005 | 74.0 | 67.1 |
| learning rate 0.01, 384 dimensions | 74.1 | 66.6 |
| + character composition 1.0 | 75.9 | 67.4 |
| character composition 2.0 instead | 75.6 | 64.9 |
| + 同义词词林 and corpora pairs (**the recipe**) | 76.6 | 67.4 |
| the recipe, unseen characters given random vectors | 76.5 | 67.3 |
| the recipe, character composition 0.5 | 75.9 | 68.0 |
| the recipe, 12 epochs | 76.0 | 68.5 |
| the recipe, greedy longest-match segmenter | 76.3 | 67.4 |

The `lcqmc-dev` hold-out peaks after 6–9 epochs and then drifts down while `stsb-dev` keeps rising;
epochs are chosen on `stsb-dev` alone, as the data rules require. TF-IDF (jieba words + character
1–3-grams, fitted on the pairs themselves) reaches 73.3 on `stsb-dev` and 36.0 on the hold-out.

## Limitations

- A bag of tokens: word order is invisible and a negation is one token among many ("能" and "不能"
  differ only by "不"); PAWS-X, built from word-order swaps, is close to chance for every static
  model.
- Trained on general Chinese pairs and three vocational fields; domain terms of other fields are
  known only through their characters and general words.
- Short texts (requirements, content points, questions) are what it was trained and measured on.
"""


def write_card(path: Path, info: dict) -> None:
    """Write the model card from the build's ``build.json`` contents."""
    cfg = info["config"]
    tcfg = cfg["train"]
    rows = "\n".join(_epoch_row(e) for e in info["history"])
    command = ["align build-model --data DATA/zh-sim --out models/default"]
    if cfg.get("lexicon"):
        command.append("--lexicon DATA/lexicon/cilin_ex.txt")
    if not cfg.get("corpora"):
        command.append("--no-corpora")
    if tcfg["seed"] != 42:
        command.append(f"--seed {tcfg['seed']}")
    if cfg.get("limit"):
        command.append("--tiny")
    notes = {
        "cilin_note": "" if cfg.get("lexicon") else " — not used in this build",
        "corpora_note": "" if cfg.get("corpora") else " — not used in this build",
    }
    data_table = "\n".join(
        ["| data | use | licence / terms |", "|---|---|---|"]
        + ["| " + " | ".join(cell.format(**notes) for cell in row) + " |" for row in _DATA_ROWS]
    )
    text = _TEMPLATE.format(
        data_table=data_table,
        segmenter=cfg["segmenter"],
        vocab_size=info["vocab_size"],
        min_count=cfg["min_count"],
        max_words=cfg["max_words"],
        dim=cfg["dim"],
        dtype="float16" if cfg["fp16"] else "float32",
        best_epoch=info["best_epoch"],
        epochs=tcfg["epochs"],
        build_minutes=info["build_seconds"] / 60,
        versions=", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        bench_start=BENCH_START,
        bench_end=BENCH_END,
        data_summary=", ".join(f"{v:,} {k}" for k, v in info["data"].items()),
        command=" ".join(command),
        init=cfg["init"],
        compose=tcfg["compose_chars"],
        lr=tcfg["lr"],
        batch_size=tcfg["batch_size"],
        graded_batch_size=tcfg["graded_batch_size"],
        seed=tcfg["seed"],
        epoch_rows=rows,
    )
    Path(path).write_text(text, encoding="utf-8")


def _epoch_row(entry: dict) -> str:
    epoch = entry["epoch"] or "initial vectors"
    loss = "" if entry["loss"] is None else f"{entry['loss']:.3f}"
    return f"| {epoch} | {loss} | {entry['dev_spearman']:.2f} |"


def update_card_bench(path: Path, table: str, command: str) -> None:
    """Replace the evaluation section of a model card with a freshly measured table."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if BENCH_START not in text or BENCH_END not in text:
        raise ValueError(f"{path} has no {BENCH_START} … {BENCH_END} section to fill")
    body = f"{BENCH_START}\nMeasured with `{command}`:\n\n{table}\n\n{BENCH_NOTE}\n{BENCH_END}"
    text = re.sub(re.escape(BENCH_START) + ".*?" + re.escape(BENCH_END), lambda _: body, text, flags=re.S)
    path.write_text(text, encoding="utf-8")
