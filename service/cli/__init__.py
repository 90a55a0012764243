"""The `scg` command line (typer). Thin: it parses flags and calls the same use cases as the API."""
