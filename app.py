"""The align web page: upload a standard and a major's syllabi, get the coverage report, review it.

``python app.py`` (or ``align serve``) starts it on 127.0.0.1; ``python app.py --help`` lists the
options. Nothing heavy happens at import: :func:`build_app` builds the page, and the model loads in a
background thread once the page is up (or on the first run, whichever comes first).
"""

from __future__ import annotations

import os
import sys

# Set before gradio or huggingface_hub are imported: nothing may phone home.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def build_app(settings, serve=None):
    """The page (a ``gr.Blocks``) for ``settings``; see :func:`align.ui.page.build_app`."""
    from align.ui.page import build_app as build

    return build(settings, serve)


def main(argv: list[str] | None = None) -> int:
    """``python app.py [--port N] [--model tfidf] …``: the same options as ``align serve``."""
    import argparse

    from align.commands.serve import EXAMPLE, add_serve_options, handle
    from align.errors import AlignError

    parser = argparse.ArgumentParser(
        prog="python app.py",
        description="Start the align web page (the same as 'align serve').",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_serve_options(parser)
    args = parser.parse_args(argv)
    try:
        return handle(args)
    except AlignError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
