"""paperbib's benchmark: start-up, throughput, memory, and peers, measured side by side.

    python benchmarks/run.py                 # everything, 5 runs per case
    python benchmarks/run.py --runs 9 --skip-peers --sizes 1000,10000

Run it with the Python of a venv where paperbib is *installed* (``pip install .``),
not an editable install: this machine sets PYTHONDONTWRITEBYTECODE=1, so a source
tree would recompile on every start. Every case is a whole process; cases of a
group run interleaved (round-robin), and the table shows medians. Ratios compare
cases measured in the same run, never numbers from elsewhere.

Peers: pandoc (``pandoc -f bibtex -t csljson``) and citation.js (npm
``@citation-js/core`` with the bibtex and csl plugins, installed into
``benchmarks/.work/node`` on first use) convert the ``.bib`` that paperbib
writes for the same papers to CSL-JSON; bibtexparser (parse, then ``json.dump``)
is timed on the same file as a pure-Python reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "examples" / "hf-papers-2025-12-09.txt"
WORK = HERE / ".work"
PYTHON = sys.executable
PAPERBIB = str(Path(PYTHON).parent / "paperbib")
CITE_JS = HERE / "cite_to_csl.js"
CITATION_JS_PACKAGES = [
    "@citation-js/core@0.8",
    "@citation-js/plugin-bibtex@0.8",
    "@citation-js/plugin-csl@0.8",
]

FLOOR = """
import sys
with open(sys.argv[1], encoding="utf-8") as handle:
    blocks = handle.read().split("\\n\\n")
print(len(blocks), file=sys.stderr)
"""


def convert(source: Path, output: Path, *options: str) -> list[str]:
    """``paperbib convert`` of *source* to *output*, quiet, with the seed's capture date."""
    return [
        PAPERBIB,
        "convert",
        str(source),
        "-q",
        "--as-of",
        "2025-12-09",
        *options,
        "-o",
        str(output),
    ]


def make_digest(count: int, path: Path) -> None:
    """A digest of *count* papers: the seed's cards repeated, each title made unique.

    Written card by card: the harness must stay small, because a child started
    with vfork reports the parent's peak RSS as its own when that is larger.
    """
    text = SEED.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\nPre-Trained")
    body = "Pre-Trained" + body
    blocks = body.split("\n\n")
    cards = [blocks[i : i + 3] for i in range(0, len(blocks) - 2, 3)]
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for number in range(count):
            title, abstract, meta = cards[number % len(cards)]
            out.write(f"\n\n{title} (Part {number + 1})\n\n{abstract}\n\n{meta}")
        out.write("\n")


def measure(argv: Sequence[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of *argv*."""
    # stderr goes to a file, not a pipe: a chatty peer could fill a pipe and stall.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
            raise SystemExit(f"failed ({process.returncode}): {' '.join(argv)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def run_group(
    cases: dict[str, list[str]], runs: int, warmup: int = 1
) -> dict[str, list[tuple[float, float]]]:
    """Run every case *runs* times, interleaved, after *warmup* unmeasured rounds."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for round_number in range(warmup + runs):
        for name, argv in cases.items():
            sample = measure(argv)
            if round_number >= warmup:
                results[name].append(sample)
    return results


def median(samples: list[tuple[float, float]]) -> float:
    return statistics.median(s[0] for s in samples)


def peak(samples: list[tuple[float, float]]) -> float:
    return max(s[1] for s in samples)


def row(name: str, samples: list[tuple[float, float]], entries: int | None = None) -> str:
    times = [s[0] for s in samples]
    rate = f"{entries / median(samples):,.0f}" if entries else ""
    return (
        f"| {name} | {median(samples):.3f} | {min(times):.3f}–{max(times):.3f} | {rate} | "
        f"{peak(samples):.0f} |"
    )


def ensure_citation_js() -> list[str] | None:
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        return None
    target = WORK / "node"
    if not (target / "node_modules" / "@citation-js" / "core").exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "init", "-y"], cwd=target, check=True, capture_output=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", *CITATION_JS_PACKAGES],
            cwd=target,
            check=True,
            capture_output=True,
        )
    return [node, str(CITE_JS)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="entry counts, comma-separated"
    )
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(exist_ok=True)
    if not Path(PAPERBIB).exists():
        raise SystemExit(f"paperbib is not installed next to {PYTHON}; run: pip install .")
    version = subprocess.run(
        [PAPERBIB, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(
        f"{version}, Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {args.runs} runs per case, medians\n"
    )

    out = WORK / "out"
    out.mkdir(exist_ok=True)
    floor_script = WORK / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")

    # Start-up
    startup = {
        "python -c 'import attrs, bibtexparser'": [PYTHON, "-c", "import attrs, bibtexparser"],
        "paperbib: seed -> BibTeX": convert(SEED, out / "seed.bib"),
        "python -c 'import attrs, json'": [PYTHON, "-c", "import attrs, json"],
        "paperbib: seed -> CSL-JSON": convert(SEED, out / "seed.json"),
        "python -c 'import paperbib'": [PYTHON, "-c", "import paperbib"],
    }
    results = run_group(startup, max(args.runs, 20), warmup=3)
    print("## Start-up (39 entries, whole process)\n")
    print("| case | median s | min–max s | entries/s | peak RSS MiB |\n|---|---:|---:|---:|---:|")
    for name, samples in results.items():
        print(row(name, samples))
    bib_ratio = median(results["paperbib: seed -> BibTeX"]) / median(
        results["python -c 'import attrs, bibtexparser'"]
    )
    csl_ratio = median(results["paperbib: seed -> CSL-JSON"]) / median(
        results["python -c 'import attrs, json'"]
    )
    print(f"\nseed -> BibTeX / import attrs, bibtexparser = **{bib_ratio:.2f}x** (target <= 1.5)")
    print(f"seed -> CSL-JSON / import attrs, json = **{csl_ratio:.2f}x** (target <= 1.5)\n")

    # Throughput
    medians: dict[tuple[str, int], float] = {}
    peaks: dict[tuple[str, int], float] = {}
    print("## Throughput (digest -> format, whole process)\n")
    print("| case | median s | min–max s | entries/s | peak RSS MiB |\n|---|---:|---:|---:|---:|")
    for size in sizes:
        digest = WORK / f"digest-{size}.txt"
        if not digest.exists():
            make_digest(size, digest)
        cases = {f"floor: read + split {size:,}": [PYTHON, str(floor_script), str(digest)]}
        for fmt, suffix in (("bibtex", "bib"), ("csl-json", "json"), ("ris", "ris")):
            cases[f"paperbib -> {fmt} {size:,}"] = convert(
                digest, out / f"{size}.{suffix}", "-t", fmt
            )
        group = run_group(cases, args.runs)
        for name, samples in group.items():
            print(row(name, samples, size))
            kind = (
                name.split(" ")[0]
                if name.startswith("floor")
                else name.split("-> ")[1].split(" ")[0]
            )
            medians[(kind, size)] = median(samples)
            peaks[(kind, size)] = peak(samples)
    print()
    for size in sizes:
        for fmt in ("bibtex", "csl-json", "ris"):
            print(
                f"{fmt} {size:,}: {medians[(fmt, size)] / medians[('floor:', size)]:.2f}x the floor (target <= 6 at 10,000)"
            )
    if 1000 in sizes and 10000 in sizes:
        for fmt in ("bibtex", "csl-json", "ris"):
            print(
                f"{fmt}: 10k / 1k = {medians[(fmt, 10000)] / medians[(fmt, 1000)]:.2f} (target <= 12)"
            )
    if 10000 in sizes:
        print(
            f"peak RSS at 10,000 entries: {max(peaks[(f, 10000)] for f in ('bibtex', 'csl-json', 'ris')):.0f} MiB (target < 200)"
        )
    if 10000 in sizes and 100000 in sizes:
        for fmt in ("bibtex", "csl-json", "ris"):
            print(
                f"{fmt}: peak RSS 100k / 10k = {peaks[(fmt, 100000)] / peaks[(fmt, 10000)]:.2f} (linear: <= 10)"
            )
    print()

    harness = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"(this harness peaked at {harness:.0f} MiB RSS; a child's peak is not seen below that)\n"
    )

    if args.skip_peers:
        return
    pandoc = shutil.which("pandoc")
    citation_js = ensure_citation_js()
    print("## Peers: the same papers to CSL-JSON (peers read the .bib paperbib writes)\n")
    print("| case | median s | min–max s | entries/s | peak RSS MiB |\n|---|---:|---:|---:|---:|")
    for size in [s for s in sizes if s <= 10000]:
        digest = WORK / f"digest-{size}.txt"
        bib = out / f"{size}.bib"
        subprocess.run(convert(digest, bib), check=True)
        cases = {f"paperbib digest -> CSL-JSON {size:,}": convert(digest, out / f"p{size}.json")}
        if pandoc:
            cases[f"pandoc -f bibtex -t csljson {size:,}"] = [
                pandoc,
                "-f",
                "bibtex",
                "-t",
                "csljson",
                "-o",
                str(out / f"pandoc{size}.json"),
                str(bib),
            ]
        cases[f"bibtexparser parse + json.dump {size:,}"] = [
            PYTHON,
            str(HERE / "bibtexparser_to_json.py"),
            str(bib),
            str(out / f"btp{size}.json"),
        ]
        if citation_js:
            cases[f"citation.js bibtex -> csl {size:,}"] = [
                *citation_js,
                str(bib),
                str(out / f"cite{size}.json"),
            ]
        group = run_group(cases, args.runs)
        ours = median(group[f"paperbib digest -> CSL-JSON {size:,}"])
        for name, samples in group.items():
            print(
                row(name, samples, size)
                + (
                    ""
                    if name.startswith("paperbib")
                    else f" {median(samples) / ours:.1f}x paperbib"
                )
            )
    if not pandoc:
        print("\n(pandoc not installed: skipped)")
    if not citation_js:
        print("\n(node/npm not available: citation.js skipped)")


if __name__ == "__main__":
    main()
