"""Batch configs: typed, relative to the file, a misspelt key is an error; the folder convention."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.batch import BatchSettings, load_batch_config
from align.batch.inputs import resolve_inputs
from align.errors import ConfigError
from tests.batch_college import CORPORA

EXAMPLE = CORPORA / "batch-example.toml"


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "standards").mkdir(exist_ok=True)
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_example_names_existing_files():
    config = load_batch_config(EXAMPLE)
    # every bundled major, the first five in the order the README's figures list them
    assert [m.name for m in config.majors][:5] == [
        "软件技术",
        "大数据技术",
        "电子商务",
        "大数据与会计",
        "智慧健康养老服务与管理",
    ]
    assert {m.name for m in config.majors} == {d.name for d in (CORPORA / "syllabi").iterdir() if d.is_dir()}
    assert config.library == CORPORA / "standards" and config.options.auto_top == 1
    software, accounting = config.majors[0], config.majors[3]
    assert software.standards == (CORPORA / "standards" / "web-frontend.md",) and not software.auto
    assert accounting.auto and accounting.aliases == ("会计",)
    for major in config.majors:
        inputs = resolve_inputs(major, config, ())
        assert len(inputs.syllabi) == 8 and all(p.is_file() for p in inputs.files())


def test_batch_options_are_typed_and_override_the_base(tmp_path):
    path = write(
        tmp_path,
        'library = "standards"\n[batch]\nlisted_bonus = 0\nformats = ["json"]\n'
        '[[majors]]\nname = "A"\nsyllabi = "a"\n',
    )
    config = load_batch_config(path, base=BatchSettings(auto_top=5))
    assert config.options == BatchSettings(auto_top=5, listed_bonus=0.0, formats=("json",))
    assert config.majors[0].syllabi == (tmp_path / "a",) and config.majors[0].auto


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('librry = "standards"\n[[majors]]\nname = "A"\nsyllabi = "a"\n', r"unknown key\(s\) librry"),
        (
            'library = "standards"\n[batch]\nauto_tpo = 2\n[[majors]]\nname = "A"\nsyllabi = "a"\n',
            r"\[batch\]: unknown setting\(s\) auto_tpo; known: auto_top, ",
        ),
        (
            'library = "standards"\n[[majors]]\nname = "A"\nsylabi = "a"\n',
            r"#1 \(A\): unknown key\(s\) sylabi",
        ),
        (
            'library = "standards"\n[batch]\nauto_top = "2"\n[[majors]]\nname = "A"\nsyllabi = "a"\n',
            r"\[batch\]: auto_top must be a whole number, not '2'",
        ),
        (
            'library = "standards"\n[batch]\nformats = ["pdf"]\n[[majors]]\nname = "A"\nsyllabi = "a"\n',
            "formats must be some of",
        ),
        ('library = "standards"\n', r"no \[\[majors\]\] given"),
        ('[[majors]]\nname = "A"\nsyllabi = "a"\n', 'standards = "auto" but no library'),
        (
            'library = "standards"\n[[majors]]\nname = "A"\nsyllabi = "a"\n[[majors]]\nname = "A"\nsyllabi = "b"\n',
            "would share one output folder",
        ),
        ('library = "standards"\n[[majors]]\nname = "A"\nplan = "p.md"\n', "has only a plan"),
        ('library = "nowhere"\n[[majors]]\nname = "A"\nsyllabi = "a"\n', "library .*nowhere does not exist"),
        (
            'library = "standards"\n[[majors]]\nname = "A"\nsyllabi = "a"\nstandards = []\n',
            "standards is empty",
        ),
        ("[[majors]\n", "not valid TOML"),
    ],
)
def test_bad_configs_name_the_file_and_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        load_batch_config(path)
    assert str(path) in str(info.value)


def test_a_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="batch config not found"):
        load_batch_config(tmp_path / "nope.toml")


def test_folder_convention_finds_majors_and_their_plans(tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "s.md").write_text("# x\n", encoding="utf-8")
    software = tmp_path / "majors" / "软件技术"
    (software / "课程标准").mkdir(parents=True)
    (software / "课程标准" / "JavaScript程序设计.md").write_text("# x\n", encoding="utf-8")
    (software / "软件技术专业人才培养方案.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "majors" / "空专业").mkdir()
    config = load_batch_config(tmp_path)
    assert [m.name for m in config.majors] == ["空专业", "软件技术"]
    assert config.library == tmp_path / "standards"
    empty, major = config.majors
    assert major.plan == software / "软件技术专业人才培养方案.md"
    assert major.syllabi == (software / "课程标准" / "JavaScript程序设计.md",) and major.auto
    assert empty.syllabi == (tmp_path / "majors" / "空专业",)  # fails as that major, not as the config


def test_the_bundled_corpora_folder_is_a_college():
    config = load_batch_config(CORPORA)
    majors = sorted(d.name for d in (CORPORA / "syllabi").iterdir() if d.is_dir())
    assert [m.name for m in config.majors] == majors and len(majors) >= 5
    assert all(m.auto for m in config.majors)


def test_a_folder_without_majors_is_not_a_college(tmp_path):
    with pytest.raises(ConfigError, match="not a college folder"):
        load_batch_config(tmp_path)


def test_major_names_become_safe_folder_names():
    from align.batch import MajorSpec

    assert MajorSpec("计算机/网络技术").folder == "计算机_网络技术"
    assert MajorSpec("..").folder == "_"


def test_paths_in_a_batch_config_and_its_settings_file_are_read_from_their_folders(
    tmp_path, monkeypatch, capsys
):
    """align batch from another folder: the majors' folders (batch config) and the lexicons (the settings
    file it names) are both found from the files that name them."""
    from align.cli import main
    from tests.batch_college import make_college

    college = make_college(tmp_path / "college", ["json"])
    conf = college.parent / "conf"
    conf.mkdir()
    # A term no sample uses: jieba is taught for the whole process, and later tests compare in-process
    # figures with those of fresh worker processes.
    (college.parent / "it-web.tsv").write_text("路径测试专用术语\t\n", encoding="utf-8")
    (conf / "align.toml").write_text(
        'lexicons = ["../it-web.tsv"]\n[match]\nmodel = "tfidf"\nmethod = "dense"\nclauses = false\n',
        encoding="utf-8",
    )
    college.write_text(
        'settings = "conf/align.toml"\n' + college.read_text(encoding="utf-8"), encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code = main(["batch", str(college), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "3 finished" in out
