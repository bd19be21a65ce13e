"""Serve settings: validated like the rest, then environment and flags on top."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from align.commands.serve import add_serve_options, serve_from_args
from align.errors import ConfigError
from align.settings import Settings
from align.ui.config import ServeSettings, serve_from_dict


def test_defaults_keep_the_page_on_this_machine():
    s = ServeSettings()
    assert s.host == "127.0.0.1" and s.port is None and s.auth is None
    assert s.database_url == f"sqlite:///{(Path.home() / '.local/share/align/review.db').resolve()}"


def test_serve_table_is_read_and_checked():
    s = serve_from_dict({"port": 8080, "data_dir": "~/align-data", "database": "sqlite:///x.db"})
    assert s.port == 8080 and s.data_dir == Path.home() / "align-data" and s.database_url == "sqlite:///x.db"
    with pytest.raises(ConfigError, match=r"unknown setting.*prot"):
        serve_from_dict({"prot": 8080})
    with pytest.raises(ConfigError, match="port must be between"):
        serve_from_dict({"port": 70000})
    with pytest.raises(ConfigError, match="both username and password"):
        serve_from_dict({"username": "教务处"})
    with pytest.raises(ConfigError, match="whole number"):
        serve_from_dict({"max_files": "many"})


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
