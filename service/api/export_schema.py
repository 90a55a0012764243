"""Write the GraphQL SDL to `schema/schema.graphql` (`--check`: exit 1 if it is out of date).

python -m service.api.export_schema [--check] [PATH]
"""

from __future__ import annotations

import sys
from pathlib import Path

from service.api.schema import schema_sdl
from service.resources import schema_dir

SCHEMA_PATH = schema_dir() / "schema.graphql"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [arg for arg in argv if not arg.startswith("--")]
    path = Path(paths[0]) if paths else SCHEMA_PATH
    sdl = schema_sdl()
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != sdl:
            print(
                f"{path} differs from the live schema: run `python -m service.api.export_schema`",
                file=sys.stderr,
            )
            return 1
        return 0
    path.write_text(sdl, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
