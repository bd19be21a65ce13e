"""One module per ``align`` subcommand (see align/cli.py)."""
