"""The background process that builds a large catalogue: ``python -m reader.search.catalogue_job DB INDEX_DIR``.

Started by :func:`reader.search.catalogue.sync_catalogue` when an import
leaves more issues to catalogue than it should wait for; see
:func:`reader.search.catalogue.build_in_background`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.search.catalogue import build_in_background


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m reader.search.catalogue_job LIBRARY_DB INDEX_DIR", file=sys.stderr)
        return 2
    return build_in_background(Path(argv[0]), Path(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
