"""Coverage-guided fuzzing of every reader and writer with atheris (runs outside CI).

    pip install atheris '.[test]'
    python tests/fuzz/fuzz_readers.py -max_total_time=600 tests/fuzz/corpus

The corpus directory is seeded with the test fixtures on first use. A crash is
any exception other than paperbib's documented errors (``PaperbibError``);
libFuzzer writes the input that caused it to ``crash-*`` in the working
directory, which then reproduces with ``python tests/fuzz/fuzz_readers.py crash-…``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from paperbib import PaperbibError, dumps, loads
    from paperbib.registry import available_readers

READERS = [None, *sorted(available_readers())]
DATA = Path(__file__).resolve().parent.parent / "data"


def test_one_input(data: bytes) -> None:
    if not data:
        return
    reader = READERS[data[0] % len(READERS)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            bib = loads(data[1:], reader, source="fuzz")
        except PaperbibError:
            return
        for fmt in ("bibtex", "biblatex", "csl-json", "ris"):
            dumps(bib, fmt)


def seed_corpus(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        return
    for number, path in enumerate(sorted(DATA.rglob("*"))):
        if path.is_file() and path.stat().st_size < 300_000 and path.suffix != ".py":
            target = directory / f"seed-{number}"
            target.write_bytes(b"\x00" + path.read_bytes())


def main() -> None:
    corpora = [
        Path(arg) for arg in sys.argv[1:] if not arg.startswith("-") and not Path(arg).is_file()
    ]
    for corpus in corpora:
        seed_corpus(corpus)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
