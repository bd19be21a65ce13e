"""``align serve``: the web page (the same as ``python app.py``)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

EXAMPLE = """examples:
  align serve                                   # http://127.0.0.1:7860 (or the next free port)
  align serve --port 8080 --data-dir /srv/align --model tfidf
  ALIGN_PASSWORD=secret align serve --host 0.0.0.0 --username 教务处 --ssl-certfile c.pem --ssl-keyfile k.pem
  align serve --database postgresql+psycopg://user@db/align"""


def add_serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="settings file (TOML); see README 'Configuration'")
    p.add_argument("--model", help="'default', 'tfidf' or a local sentence-transformers model")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the embedding cache")
    p.add_argument("--host", help="interface to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, help="port (default: the first free port from 7860)")
    p.add_argument(
        "--username", help="ask for this user name, and the password in $ALIGN_PASSWORD, to open the page"
    )
    p.add_argument("--data-dir", type=Path, help="review database, uploaded standards and reports "
                   "(default ~/.local/share/align; also $ALIGN_DATA_DIR)")  # fmt: skip
    p.add_argument("--database", help="SQLAlchemy URL of the review database (default: DATA_DIR/review.db; "
                   "also $ALIGN_DATABASE_URL)")  # fmt: skip
    p.add_argument("--max-file-mb", type=int, help="largest upload in MB (default 50)")
    p.add_argument("--max-files", type=int, help="most documents per analysis (default 200)")
    p.add_argument("--max-total-mb", type=int, help="all documents of one analysis together, zips "
                   "unpacked, in MB (default 500)")  # fmt: skip
    p.add_argument("--ssl-certfile", type=Path, help="certificate (PEM) to serve https; with --ssl-keyfile")
    p.add_argument("--ssl-keyfile", type=Path, help="private key (PEM) of --ssl-certfile")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="start the web page (upload, analyse, committee review)",
        description="Start the align web page. It listens on 127.0.0.1 unless --host says otherwise; "
        "the model loads in the background after the page is up.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_serve_options(p)
    p.set_defaults(handler=handle)


def serve_from_args(args: argparse.Namespace, settings):
    """Serve settings: the settings file's [serve], then the environment, then flags (later wins)."""
    from align.errors import ConfigError
    from align.ui.config import serve_settings, with_overrides

    serve = serve_settings(settings)
    password = os.environ.get("ALIGN_PASSWORD") or serve.password
    username = getattr(args, "username", None) or serve.username
    if username and not password:
        raise ConfigError("--username needs a password: set it in $ALIGN_PASSWORD (not on the command line)")
    env_dir = os.environ.get("ALIGN_DATA_DIR")
    return with_overrides(
        serve,
        host=args.host,
        port=args.port,
        username=username,
        password=password if username else None,
        data_dir=args.data_dir or (Path(env_dir).expanduser() if env_dir else None),
        database=args.database or os.environ.get("ALIGN_DATABASE_URL"),
        max_file_mb=args.max_file_mb,
        max_files=args.max_files,
        max_total_mb=getattr(args, "max_total_mb", None),
        ssl_certfile=getattr(args, "ssl_certfile", None),
        ssl_keyfile=getattr(args, "ssl_keyfile", None),
    )


def handle(args: argparse.Namespace) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from align.commands.common import settings_from_args

    settings = settings_from_args(args)
    serve = serve_from_args(args, settings)
    from align.files import check_writable

    check_writable(serve.data_dir.expanduser(), "--data-dir")  # before the page starts, not on an upload
    from align.ui.page import build_app, launch

    launch(build_app(settings, serve), serve)
    return 0
