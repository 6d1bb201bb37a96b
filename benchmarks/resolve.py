"""Resolving the bundled page against a local stand-in with simulated latency.

Prints requests per paper and wall time for: a first resolving run (Hugging Face
searches at most 4 at a time, one arXiv batch), the same with one search at a
time (the baseline the concurrency is measured against), and a second run that
finds everything in the lock. Run from the repository root, with paperbib
installed:

    python benchmarks/resolve.py [--latency 0.1] [--runs 3]

The stand-in (tests/standin.py) answers from the real records of the page's
papers; it is on this machine, so arXiv's 3 s pause does not apply to it (one
arXiv batch needs no pause anyway).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperbib import PaperbibWarning, convert  # noqa: E402
from paperbib import resolve as resolve_stage  # noqa: E402
from tests.standin import running  # noqa: E402

EXAMPLE = ROOT / "examples" / "hf-papers-2025-12-09.txt"


def once(workers: int, latency: float, *, twice: bool = False) -> tuple[float, int, int, float]:
    """Seconds, requests, papers of a resolving run (and seconds of a second run)."""
    resolve_stage.HF_WORKERS = workers
    with running() as standin, tempfile.TemporaryDirectory() as tmp:
        standin.delay = latency
        os.environ["HF_ENDPOINT"] = standin.url
        os.environ["PAPERBIB_ARXIV_ENDPOINT"] = standin.url
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PaperbibWarning)
            start = time.perf_counter()
            result = convert(
                [EXAMPLE],
                Path(tmp) / "refs.bib",
                reader_options={"as_of": "2025-12-09"},
                resolve=True,
            )
            first = time.perf_counter() - start
            second = 0.0
            if twice:
                start = time.perf_counter()
                again = convert(
                    [EXAMPLE],
                    Path(tmp) / "refs.bib",
                    reader_options={"as_of": "2025-12-09"},
                    resolve=True,
                )
                second = time.perf_counter() - start
                assert again.resolved is not None
                assert again.resolved.requests == 0
    assert result.resolved is not None
    return first, result.resolved.requests, result.resolved.papers, second


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--latency", type=float, default=0.1, help="seconds per answer (default 0.1)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {"4 at a time": [], "1 at a time": [], "second run (lock)": []}
    requests = papers = 0
    for _ in range(args.runs):  # interleaved, so both see the same machine
        seconds, requests, papers, second = once(4, args.latency, twice=True)
        rows["4 at a time"].append(seconds)
        rows["second run (lock)"].append(second)
        rows["1 at a time"].append(once(1, args.latency)[0])
    print(
        f"bundled page: {papers} papers, {requests} requests ({requests / papers:.2f} per paper), "
        f"latency {args.latency * 1000:.0f} ms per answer, medians of {args.runs}"
    )
    base = statistics.median(rows["1 at a time"])
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"  {name:<20} {median:7.2f} s   {median / base:5.2f}x the one-at-a-time run")


if __name__ == "__main__":
    main()
