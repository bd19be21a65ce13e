"""Settings files: typed, validated, and a misspelt key is an error rather than a silent default."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.batch import BatchSettings, load_batch_config
from align.errors import ConfigError
from align.settings import Settings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "align.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    assert load_settings(None) == Settings()


def test_values_are_read_and_typed(tmp_path):
    s = load_settings(
        write(tmp_path, 'cache_dir = "~/x"\n[match]\nmodel = "tfidf"\ntop_k = 5\ncovered = 0.4\n')
    )
    assert s.match.model == "tfidf" and s.match.top_k == 5 and s.match.covered == 0.4
    assert s.cache_dir == Path("~/x").expanduser()


def test_every_table_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # "~" in a path is the user's home
    (tmp_path / "it.tsv").write_text("JS\tJavaScript\n", encoding="utf-8")  # lexicons must exist
    s = load_settings(
        write(
            tmp_path,
            'cache_dir = ""\nlexicons = ["~/it.tsv"]\n[parse]\ntimeout_s = 60\n[serve]\nport = 8080\n'
            '[batch]\nauto_top = 2\nformats = ["json"]\n',
        )
    )
    assert s.cache_dir is None and s.lexicons == (Path.home() / "it.tsv",)  # "" disables the cache
    assert s.parse.timeout_s == 60.0 and s.serve.port == 8080
    assert s.batch == BatchSettings(auto_top=2, formats=("json",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[match]\nmodle = 'tfidf'\n", "unknown setting.*modle"),
        ("cache = 'x'\n", "unknown setting.*cache"),
        ("[match]\ntop_k = 0\n", "top_k must be at least 1"),
        ("[match]\ntop_k = '5'\n", r"\[match\]: top_k must be a whole number, not '5'"),
        ("match = 1\n", r"\[match\] must be a table"),
        ("[batch]\nauto_tpo = 2\n", r"\[batch\]: unknown setting\(s\) auto_tpo; known: auto_top, "),
        ("[batch]\nweakest = 0\n", r"\[batch\]: weakest must be at least 1"),
        ("[parse]\nmax_pages = 0\n", r"\[parse\]: max_pages must be a positive number"),
        ("[serve]\nport = 70000\n", r"\[serve\]: port must be between 1 and 65535"),
        ("[match]\ncovered = 0.3\npartial = 0.5\n", "partial threshold must not exceed"),
        ("[match\n", "not valid TOML"),
        ('lexicons = ["/nonexistent/词表.tsv"]\n', r"lexicon /nonexistent/词表.tsv not found"),
        (
            'library = "standards"\n[[majors]]\nname = "电子商务"\n',
            r"a batch config \(it lists \[\[majors\]\]\), not a settings file — run it with 'align batch ",
        ),
    ],
)
def test_bad_settings_name_the_file_and_the_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as err:
        load_settings(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


def test_a_lexicon_that_is_not_utf8_is_one_clear_error(tmp_path):
    from align.text import load_lexicon

    gbk = tmp_path / "词表.tsv"
    gbk.write_bytes("网页\t网站|页面\n".encode("gbk"))
    with pytest.raises(ConfigError, match=r"lexicon .*词表.tsv cannot be read \(not UTF-8 text\)"):
        load_lexicon(gbk)
    # … and the settings naming it say so when they are read, before any job starts.
    settings = tmp_path / "align.toml"
    for lexicon in (gbk, tmp_path):  # a folder is no lexicon either
        settings.write_text(f"lexicons = ['{lexicon.as_posix()}']\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=r"align.toml: lexicon .* cannot be read") as err:
            load_settings(settings)
        assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "load, text",
    [
        (load_settings, '# 设置\n[match]\nmodel = "tfidf"\n'),
        (load_batch_config, 'library = "标准库"\n[[majors]]\nname = "软件技术"\nsyllabi = "a"\n'),
    ],
    ids=["settings", "batch-config"],
)
def test_a_settings_or_batch_file_saved_as_gbk_says_so(tmp_path, load, text):
    path = tmp_path / "c.toml"
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(ConfigError) as err:
        load(path)
    assert str(err.value) == (
        f"{path}: the file is not UTF-8 (it looks like GBK) — save it as UTF-8 (记事本/WPS: 另存为, 编码 UTF-8)"
    )


def test_a_utf8_byte_order_mark_is_no_error(tmp_path):
    path = tmp_path / "align.toml"
    path.write_bytes(b'\xef\xbb\xbf[match]\nmodel = "tfidf"\n')  # as Notepad saves "UTF-8 with BOM"
    assert load_settings(path).match.model == "tfidf"


def test_a_folder_given_as_the_settings_file_is_one_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="the settings file cannot be read"):
        load_settings(tmp_path)


def test_relative_paths_are_read_from_the_settings_files_folder(tmp_path, monkeypatch):
    conf, lexicons, elsewhere = tmp_path / "conf", tmp_path / "lexicon", tmp_path / "elsewhere"
    for folder in (conf, lexicons, elsewhere, conf / "my-model"):
        folder.mkdir()
    (lexicons / "it.tsv").write_text("JS\tJavaScript\n", encoding="utf-8")
    settings = conf / "align.toml"
    settings.write_text(
        'lexicons = ["../lexicon/it.tsv"]\ncache_dir = "cache"\n[match]\nmodel = "my-model"\n'
        '[serve]\ndata_dir = "data"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(elsewhere)  # not the settings file's folder
    s = load_settings(Path("../conf/align.toml"))
    assert s.lexicons == (conf / "../lexicon/it.tsv",) and s.lexicons[0].is_file()
    assert s.cache_dir == conf / "cache" and s.serve.data_dir == conf / "data"
    assert s.match.model == str(conf / "my-model")
    # A model name that is no folder beside the file stays a name; absolute paths stay as written.
    settings.write_text(
        f'cache_dir = "{tmp_path.as_posix()}"\n[match]\nmodel = "BAAI/bge-small-zh"\n', encoding="utf-8"
    )
    s = load_settings(settings)
    assert s.match.model == "BAAI/bge-small-zh" and s.cache_dir == tmp_path
