"""Make examples/hf-papers-2025-12-09.lock with paperbib's own resolver.

The resolver runs against the local stand-in (tests/standin.py), which serves the
real records of the page's 39 papers (tests/data/resolve/). Run from the
repository root:

    python tests/data/tools/make_example_lock.py

tests/test_resolve.py checks that the shipped lock is what this makes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from paperbib import convert  # noqa: E402
from tests.standin import running  # noqa: E402

EXAMPLE = ROOT / "examples" / "hf-papers-2025-12-09.txt"
LOCK = ROOT / "examples" / "hf-papers-2025-12-09.lock"


def main() -> None:
    with running() as standin, tempfile.TemporaryDirectory() as tmp:
        os.environ["HF_ENDPOINT"] = standin.url
        os.environ["PAPERBIB_ARXIV_ENDPOINT"] = standin.url
        result = convert(
            [EXAMPLE],
            Path(tmp) / "refs.bib",
            reader_options={"as_of": "2025-12-09"},
            resolve=True,
            lock=LOCK,
            refresh=True,
        )
    assert result.resolved is not None
    print(f"{LOCK}: {result.resolved.resolved} of {result.resolved.papers} papers resolved")


if __name__ == "__main__":
    main()
