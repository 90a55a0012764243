"""`python -m service.cli` runs `scg`."""

from service.cli.main import app

app()
