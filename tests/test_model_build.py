"""The default model's recipe: tokenizer, vocabulary, domain pairs, a tiny build, bench-sim.

The tiny build reads a generated zh-sim-like folder (a few hundred pairs), so CI proves the whole
recipe — data → tokenizer.json → training → fp16 model folder + card — in seconds and offline.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from align.cli import main
from align.modelbuild.data import load_training_data, read_pairs
from align.modelbuild.domain import cilin_pairs, corpus_pairs, strip_heading_number
from align.modelbuild.tokenizer import build_tokenizer
from align.modelbuild.vocab import build_vocabulary

SUBJECTS = ["一个男人", "一个女人", "一个孩子", "一位老人", "一只狗", "一个学生"]
ACTIONS = [
    ("在弹吉他", "正在弹奏吉他"),
    ("在骑马", "正骑着一匹马"),
    ("在做饭", "正在厨房烹饪"),
    ("在跑步", "正在公园慢跑"),
    ("在读书", "正在看一本书"),
    ("在游泳", "正在水里游泳"),
]


def _rows(rng: random.Random, n: int, graded: bool) -> list[str]:
    rows = []
    for _ in range(n):
        s1, s2 = rng.sample(SUBJECTS, 2)
        (a1, p1), (a2, _) = rng.sample(ACTIONS, 2)
        kind = rng.randrange(3)
        if kind == 0:
            pair, score = (s1 + a1, s1 + p1), 5 if graded else 1
        elif kind == 1:
            pair, score = (s1 + a1, s2 + a1), 3 if graded else 0
        else:
            pair, score = (s1 + a1, s2 + a2), 0
        rows.append(f"{pair[0]}\t{pair[1]}\t{score}")
    return rows


def write_zh_sim(root: Path, seed: int = 0) -> Path:
    """A zh-sim-shaped folder: train/ (binary, graded, NLI, dev) and bench/ (three test sets)."""
    rng = random.Random(seed)
    (root / "train").mkdir(parents=True)
    (root / "bench").mkdir()
    files = {
        "train/lcqmc-dev.tsv": _rows(rng, 200, graded=False),
        "train/stsb-train.tsv": _rows(rng, 200, graded=True),
        "train/stsb-dev.tsv": _rows(rng, 60, graded=True),
        "bench/stsb-test.tsv": _rows(rng, 40, graded=True),
        "bench/lcqmc-test.tsv": _rows(rng, 40, graded=False),
        "bench/pawsx-test.tsv": ["id\tsentence1\tsentence2\tlabel"]
        + [f"{i}\t{r}" for i, r in enumerate(_rows(rng, 40, graded=False))],
    }
    nli = []
    for s in SUBJECTS:
        for a, p in ACTIONS:
            other = rng.choice([x for x in ACTIONS if x[0] != a])[0]
            nli += [f"{s}{a}。\t{s}{p}。\tentailment", f"{s}{a}。\t{s}{other}。\tcontradiction"]
    files["train/cnsd-snli-dev.tsv"] = nli
    for name, rows in files.items():
        (root / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def zh_sim(tmp_path_factory) -> Path:
    return write_zh_sim(tmp_path_factory.mktemp("data") / "zh-sim")


@pytest.fixture(scope="module")
def cilin(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lexicon") / "cilin_ex.txt"
    path.write_text(
        "Aa01A01= 人 士 人物 人士\nAa01B03# 良民 顺民\nBo01A27= 计算机 电脑 微机\nAa01C05@ 众学生\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def tiny_build(zh_sim, cilin, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "tiny-model"
    code = main(
        [
            "build-model",
            "--data",
            str(zh_sim),
            "--out",
            str(out),
            "--tiny",
            "--no-corpora",
            "--lexicon",
            str(cilin),
        ]
    )
    assert code == 0
    return out


# --- tokenizer and vocabulary -------------------------------------------------------------------


def test_unknown_character_does_not_swallow_the_clause():
    tokens = ["[UNK]", *"能使用进行数据清洗", "python", "数据", "清洗", "使用", "进行"]
    tok = build_tokenizer(tokens, [-20.0] + [-8.0] * 9 + [-4.0] * 5, "unigram")
    encoding = tok.encode("能使用Python进行数据清洗𠀀", add_special_tokens=False)
    assert encoding.tokens[:-1] == ["能", "使用", "python", "进行", "数据", "清洗"]
    assert encoding.ids[-1] == 0  # only the unknown character itself is [UNK]


def test_greedy_segmenter_matches_longest_words():
    tokens = ["[UNK]", *"数据清洗分析", "数据", "清洗", "数据清洗"]
    tok = build_tokenizer(tokens, [0.0] * len(tokens), "greedy")
    assert tok.encode("数据清洗分析", add_special_tokens=False).tokens == ["数据清洗", "分", "析"]


def test_vocabulary_is_normalised_like_the_tokenizer():
    texts = ["能使用Ｐｙｔｈｏｎ进行数据清洗", "能使用Python进行数据分析", "数据清洗与数据分析", "HTML5"] * 2
    vocab = build_vocabulary(texts, terms=["ＨＴＭＬ５", "数据清洗"], max_words=100, min_count=3)
    assert "python" in vocab.tokens and "Ｐｙｔｈｏｎ" not in vocab.tokens
    assert "html5" in vocab.tokens  # a lexicon term stays whole, normalised
    assert "数据清洗" in vocab.tokens  # kept whole although seen fewer than min_count times
    assert "使用" in vocab.tokens
    assert len(vocab.tokens) > 20000  # every CJK character: no clause turns into [UNK]
    tok = build_tokenizer(vocab.tokens, vocab.scores, "unigram")
    assert tok.encode("ＰＹＴＨＯＮ", add_special_tokens=False).tokens == ["python"]
    assert 0 not in tok.encode("褥疮护理与压力性损伤预防", add_special_tokens=False).ids


# --- data ---------------------------------------------------------------------------------------


def test_training_data_reads_train_only(zh_sim):
    data = load_training_data(zh_sim)
    assert data.positives and data.triplets and data.graded and data.dev
    bench_texts = {t for f in (zh_sim / "bench").glob("*.tsv") for p in read_pairs(f) for t in (p.a, p.b)}
    train_only = set(data.texts) - bench_texts
    assert train_only  # sanity: the fixture's train and bench share wording but are separate files
    assert {p.source for p in data.graded} <= {"lcqmc-dev", "stsb-train", "cnsd-snli-dev"}


def test_pawsx_header_and_id_column(zh_sim):
    pairs = read_pairs(zh_sim / "bench" / "pawsx-test.tsv")
    assert len(pairs) == 40 and pairs[0].score in (0.0, 1.0)


def test_cilin_pairs_use_synonym_groups_only(cilin):
    pairs = cilin_pairs(cilin)
    assert ("计算机", "电脑") in pairs and ("人物", "人士") in pairs
    assert not any("良民" in p or "众学生" in p for p in pairs)  # '#' related, '@' single
    assert not any("士" in p for p in pairs)  # single characters are too ambiguous


def test_domain_pairs_never_read_held_out_files(tmp_path):
    lex = tmp_path / "lexicon"
    lex.mkdir()
    (lex / "it-web.tsv").write_text("JavaScript\tJS|ECMAScript\n", encoding="utf-8")
    (lex / "it-bigdata.tsv").write_text("Hadoop\t分布式计算平台\n", encoding="utf-8")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "web-frontend__软件技术.csv").write_text("不能读\n", encoding="utf-8")
    held_out = tmp_path / "syllabi" / "大数据技术"
    held_out.mkdir(parents=True)
    (held_out / "课程.md").write_text("# 不能读\n", encoding="utf-8")
    pairs, terms = corpus_pairs(tmp_path)
    assert ("JavaScript", "JS") in pairs
    assert "Hadoop" not in terms and not any("Hadoop" in a or "Hadoop" in b for a, b in pairs)


def test_heading_numbers_are_stripped():
    assert strip_heading_number("单元一 软件测试基础") == "软件测试基础"
    assert strip_heading_number("第八单元 财务管理与成本控制") == "财务管理与成本控制"
    assert strip_heading_number("1.1 网页结构搭建") == "网页结构搭建"
    assert strip_heading_number("Web前端基础") == "Web前端基础"


# --- the tiny build -----------------------------------------------------------------------------


def test_tiny_build_is_a_sentence_transformers_folder(tiny_build):
    from sentence_transformers import SentenceTransformer

    for name in ("modules.json", "model.safetensors", "tokenizer.json", "README.md", "build.json"):
        assert (tiny_build / name).is_file(), name
    model = SentenceTransformer(str(tiny_build), device="cpu", local_files_only=True)
    assert str(model[0].embedding.weight.dtype) == "torch.float16"
    vectors = model.encode(["一个男人在弹吉他", "一个男人正在弹奏吉他", "一只狗在游泳"])
    assert vectors.shape == (3, 32) and np.isfinite(vectors).all()


def test_tiny_build_card_and_log(tiny_build):
    card = (tiny_build / "README.md").read_text(encoding="utf-8")
    assert "library_name: sentence-transformers" in card
    for part in ("Training data and licences", "同义词词林", "stsb-dev", "bench-sim:start"):
        assert part in card
    info = json.loads((tiny_build / "build.json").read_text(encoding="utf-8"))
    assert info["config"]["train"]["seed"] == 42
    assert len(info["history"]) == 3 and info["best_epoch"] in (0, 1, 2)
    assert info["data"]["domain pairs"] > 0  # the cilin pairs were used


def test_rebuild_is_deterministic_and_keeps_the_calibration(zh_sim, cilin, tiny_build, tmp_path, capsys):
    digest = lambda p: json.loads((p / "build.json").read_text())["weights_sha1_16"]  # noqa: E731
    again, other = tmp_path / "again", tmp_path / "seed7"
    shutil.copytree(tiny_build, again)  # rebuilding an existing model folder replaces it ...
    (again / "align_calibration.json").write_text("{}", encoding="utf-8")
    args = ["build-model", "--data", str(zh_sim), "--tiny", "--no-corpora", "--lexicon", str(cilin)]
    assert main([*args, "--out", str(again)]) == 0
    assert (again / "align_calibration.json").read_text(encoding="utf-8") == "{}"  # ... but not this
    assert "refit" in capsys.readouterr().out
    assert main([*args, "--out", str(other), "--seed", "7"]) == 0
    assert digest(again) == digest(tiny_build)
    assert digest(again) != digest(other)


def test_build_with_a_missing_lexicon_names_it(zh_sim, tmp_path, capsys):
    assert (
        main(
            [
                "build-model",
                "--data",
                str(zh_sim),
                "--out",
                str(tmp_path / "m"),
                "--tiny",
                "--no-corpora",
                "--lexicon",
                str(tmp_path / "cilin_ex.txt"),
            ]
        )
        == 2
    )
    assert "cilin_ex.txt" in capsys.readouterr().err


def test_build_refuses_to_replace_a_folder_that_is_not_a_model(zh_sim, tmp_path, capsys):
    (tmp_path / "notes.md").write_text("keep me", encoding="utf-8")
    assert main(["build-model", "--data", str(zh_sim), "--out", str(tmp_path), "--tiny", "--no-corpora"]) == 2
    assert "not a sentence-transformers model folder" in capsys.readouterr().err
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "keep me"


def test_build_with_a_wrong_data_folder_says_what_is_expected(tmp_path, capsys):
    assert (
        main(["build-model", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--tiny", "--no-corpora"])
        == 2
    )
    assert "train/" in capsys.readouterr().err


# --- bench-sim ----------------------------------------------------------------------------------


def test_bench_sim_scores_the_model_beside_tfidf(zh_sim, tiny_build, tmp_path, capsys):
    card = tmp_path / "README.md"
    card.write_text((tiny_build / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    code = main(
        [
            "bench-sim",
            "--data",
            str(zh_sim),
            "--model",
            str(tiny_build),
            "--speed-sentences",
            "50",
            "--card",
            str(card),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    tfidf = next(line for line in lines if line.startswith("| TF-IDF"))
    model = next(line for line in lines if str(tiny_build) in line)
    for row in (tfidf, model):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert all(-100 <= float(c) <= 100 for c in cells[1:4])  # STS-B, LCQMC, PAWS-X
        assert float(cells[4].replace(",", "")) > 0  # sentences/s
    assert "76.48" in out  # published bge-small-zh STS-B beside it
    written = card.read_text(encoding="utf-8")
    assert "Measured with `align bench-sim --data" in written and "| TF-IDF" in written


def test_bench_sim_names_a_missing_model(zh_sim, tmp_path, capsys):
    code = main(
        ["bench-sim", "--data", str(zh_sim), "--model", str(tmp_path / "nope"), "--speed-sentences", "0"]
    )
    assert code == 2
    assert "nope" in capsys.readouterr().err
