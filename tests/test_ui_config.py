"""Serve settings: validated like the rest, then environment and flags on top."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from align.commands.serve import add_serve_options, serve_from_args
from align.errors import ConfigError
from align.settings import Settings, load_settings
from align.tables import from_table
from align.ui.config import ServeSettings


def test_defaults_keep_the_page_on_this_machine():
    s = ServeSettings()
    assert s.host == "127.0.0.1" and s.port is None and s.auth is None
    assert s.database_url == f"sqlite:///{(Path.home() / '.local/share/align/review.db').resolve()}"


def _serve_table(data: dict) -> ServeSettings:
    return from_table(ServeSettings, data, "align.toml [serve]")


def test_serve_table_is_read_and_checked():
    s = _serve_table({"port": 8080, "data_dir": "~/align-data", "database": "sqlite:///x.db"})
    assert s.port == 8080 and s.data_dir == Path.home() / "align-data" and s.database_url == "sqlite:///x.db"
    with pytest.raises(ConfigError, match=r"unknown setting.*prot"):
        _serve_table({"prot": 8080})
    with pytest.raises(ConfigError, match=r"align\.toml \[serve\]: port must be between"):
        _serve_table({"port": 70000})
    with pytest.raises(ConfigError, match="whole number"):
        _serve_table({"max_files": "many"})
    with pytest.raises(ConfigError, match="port must be between"):
        ServeSettings(port=0)  # built in code, not only from a file


def test_a_settings_file_may_name_the_user_and_leave_the_password_to_the_environment(monkeypatch, tmp_path):
    config = tmp_path / "align.toml"
    config.write_text('[serve]\nusername = "教务处"\n', encoding="utf-8")
    settings = load_settings(config)
    monkeypatch.delenv("ALIGN_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match=r"needs a password.*ALIGN_PASSWORD"):
        serve_from_args(_args(), settings)
    monkeypatch.setenv("ALIGN_PASSWORD", "secret")
    assert serve_from_args(_args(), settings).auth == ("教务处", "secret")


def _args(*argv):
    p = argparse.ArgumentParser()
    add_serve_options(p)
    return p.parse_args(list(argv))


def test_flags_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALIGN_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("ALIGN_DATABASE_URL", "sqlite:///env.db")
    s = serve_from_args(_args("--port", "9000", "--data-dir", str(tmp_path / "flag")), Settings())
    assert s.port == 9000 and s.data_dir == tmp_path / "flag" and s.database_url == "sqlite:///env.db"
    assert serve_from_args(_args(), Settings()).data_dir == tmp_path / "env"


def test_a_user_name_needs_the_password_from_the_environment(monkeypatch):
    monkeypatch.delenv("ALIGN_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match="ALIGN_PASSWORD"):
        serve_from_args(_args("--username", "教务处"), Settings())
    monkeypatch.setenv("ALIGN_PASSWORD", "s3cret")
    assert serve_from_args(_args("--username", "教务处"), Settings()).auth == ("教务处", "s3cret")


def test_align_serve_registers_with_an_example():
    from align.commands import serve

    parser = argparse.ArgumentParser(prog="align")
    sub = parser.add_subparsers()
    serve.register(sub)
    args = parser.parse_args(["serve", "--port", "9000", "--model", "tfidf"])
    assert args.handler is serve.handle and args.port == 9000 and args.model == "tfidf"
    assert "align serve --port 8080" in sub.choices["serve"].epilog
