"""paperbib's benchmark: start-up, throughput, memory, and peers, measured side by side.

    python benchmarks/run.py                 # everything, 5 runs per case
    python benchmarks/run.py --runs 9 --skip-peers --sizes 1000,10000

Run it with the Python of a venv where paperbib is *installed* (``pip install .``),
not an editable install: this machine sets PYTHONDONTWRITEBYTECODE=1, so a source
tree would recompile on every start. Every case is a whole process; cases of a
group run interleaved (round-robin), and the table shows medians. Ratios compare
cases measured in the same run, never numbers from elsewhere.

BibTeX -> CSL-JSON, side by side: paperbib, pandoc (``pandoc -f bibtex -t
csljson``) and citation.js (npm ``@citation-js/core`` with the bibtex and csl
plugins, installed into ``benchmarks/.work/node`` on first use) convert the same
``.bib`` of 1,000 and 10,000 entries, interleaved; bibtexparser (parse, then
``json.dump``) is timed on the same file as the pure-Python floor. Three files of
each size: real entries from the bibliographies TeX Live ships (Nelson Beebe's,
biblatex's and BibTeX's examples, archaeologie's, the KOMA-Script guide's), in a
fixed order, cut at the size, without what a peer cannot read (see
``UNREADABLE_BY_PEERS``); the ``.bib`` paperbib writes for a digest of Hugging Face
papers (long abstracts, no authors), each abstract numbered so that none repeats; and
papers with authors: real arXiv and Hugging Face records from the repository with
their author lists, as paperbib writes them, repeated with numbered keys, titles and
abstracts, given names paired with other authors' family names in each repeat (see
``make_authors_bib``).
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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


_BLOCK = re.compile(r"^(?=@)", re.MULTILINE)
_TYPE = re.compile(r"@\s*([A-Za-z]+)")
_KEY = re.compile(r"(@\s*[A-Za-z]+\s*[{(]\s*)([^,\s]+)")
_TITLE = re.compile(r"(\btitle\s*=\s*[{\"])", re.IGNORECASE)


# What every peer reads: pandoc and citation.js give up on a whole file at its first error.
# Left out: files of @string abbreviations only, whose names pandoc 2.17 (a soft hyphen) or
# citation.js 0.8 (non-ASCII) rejects; broken.bib, broken on purpose; entries with a `%`
# (pandoc 2.17 reads a comment there, in a value too); and the entries whose TeX
# citation.js 0.8 cannot parse (found by parsing each entry alone).
UNREADABLE_BY_PEERS = frozenset(
    {
        "archaeologie-lstabbrv.bib",
        "archaeologie-lstlocations.bib",
        "archaeologie-lstpublishers.bib",
        "broken.bib",
    }
)
CITATION_JS_FAILS = frozenset(
    {
        "Eijkhout:TB13-1-75",
        "Walden:TB31-2-125",
        "Anonymous:2017:CMS",
        "Schopf:TB10-1-105-107",
        "reese",
        "britannica",
        "cms",
    }
)


def texlive_bibs() -> list[Path]:
    """TeX Live's real bibliographies (and the test suite's), in a fixed order."""
    dist = subprocess.run(
        ["kpsewhich", "-var-value", "TEXMFDIST"], capture_output=True, text=True, check=False
    ).stdout.strip()
    files: list[str] = []
    if dist:
        base = Path(dist) / "bibtex" / "bib"
        files += sorted(glob.glob(str(base / "beebe" / "*.bib")))
        files += [str(base / "biblatex" / "biblatex" / "biblatex-examples.bib")]
        files += [str(base / "base" / "xampl.bib")]
        files += sorted(glob.glob(str(base / "archaeologie" / "*.bib")))
    files += [str(p) for p in sorted((HERE.parent / "tests" / "data" / "bibtex").glob("*.bib"))]
    found: dict[str, Path] = {}  # the test suite's copies of TeX Live's files are left out
    for name in files:
        path = Path(name)
        if path.is_file() and path.name not in UNREADABLE_BY_PEERS:
            found.setdefault(path.name, path)
    return list(found.values())


def make_real_bib(count: int, path: Path) -> int:
    """A .bib of *count* real entries, with the @string definitions they use; the entry count.

    The files are taken whole, in order, then their entries again, with numbered keys and
    titles (so that no value is read only once more), if more are needed.
    """
    written = 0
    round_number = 0
    with path.open("w", encoding="utf-8") as out:
        while written < count:
            for source in texlive_bibs():
                data = source.read_bytes()
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = data.decode("latin-1")
                for block in _BLOCK.split(text):
                    kind = _TYPE.match(block)
                    if kind is None:
                        continue
                    entry = kind.group(1).lower() not in ("string", "preamble", "comment")
                    if entry and written >= count:
                        break
                    key = _KEY.match(block)
                    if "%" in block[: block.rfind("}")] or (
                        key is not None and key.group(2).rstrip(",") in CITATION_JS_FAILS
                    ):
                        continue
                    if round_number and not entry:
                        continue  # macros are defined once
                    if round_number:
                        block = _KEY.sub(
                            lambda m, n=round_number: f"{m.group(1)}{m.group(2)}:{n}", block, 1
                        )
                        block = _TITLE.sub(lambda m, n=round_number: f"{m.group(1)}{n}: ", block, 1)
                    out.write(block.rstrip() + "\n\n")
                    written += entry
            round_number += 1
    return written


def make_hf_bib(count: int, path: Path) -> None:
    """The .bib paperbib writes for a digest of *count* papers, each abstract made unique.

    The digest repeats the example's 39 cards (titles numbered); numbering the abstracts
    too keeps any reader from reading a value it has seen before.
    """
    digest = WORK / f"digest-{count}.txt"
    if not digest.exists():
        make_digest(count, digest)
    written = WORK / f"written-{count}.bib"
    subprocess.run(convert(digest, written, "-t", "bibtex"), check=True)
    numbers = iter(range(1, count + 1))
    text = _ABSTRACT.sub(lambda m: f"{m.group(1)}{next(numbers)}: ", written.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")
    written.unlink()


_ABSTRACT = re.compile(r"(^\s*abstract\s*=\s*\{)", re.MULTILINE)

# Real records in the repository with ordered author names, read by paperbib (besides the
# seed, resolved with its lock): Hugging Face's papers page and API answers, an arXiv
# mailing, an arXiv listing and abstract pages, arXiv's .abs records. See tests/data/SOURCES.md.
AUTHOR_SOURCES = (
    "html/papers-daily-2024-08-01.html",
    "hf-json/api-daily_papers-2024-03-12.raw.json",
    "hf-json/api-daily_papers-2026-08-21.json",
    "hf-json/api-papers-2605.13301.json",
    "arxiv/cs-daily-2024-11-07.eml",
    "html/list-astro-ph.CO-recent-2026-07-24.raw.html",
    "arxiv/abs/*.abs",
    "arxiv/arxiv-browse-2310.08262.abs.txt",
    "html/abs-2106.09608-2021.html",
)
_AUTHOR = re.compile(r"^(\s*author\s*=\s*\{)(.*)(\},?)$", re.MULTILINE)
GIVEN_STRIDE = 101  # a prime: consecutive names take given names far apart in the pool


def split_top(text: str, separator: str) -> list[str]:
    """*text* split at *separator* outside braces."""
    parts: list[str] = []
    depth = start = i = 0
    while i < len(text):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def author_pool() -> tuple[list[str], list[str]]:
    """The pool's entries (those with authors and an abstract) and the given names of all.

    The seed resolved offline with its lock (a copy, so that the repository's stays as it
    is), then AUTHOR_SOURCES in one run; both as paperbib writes BibTeX.
    """
    with tempfile.TemporaryDirectory() as tmp:
        lock = Path(tmp) / "seed.lock"
        shutil.copyfile(SEED.with_suffix(".lock"), lock)
        seed = Path(tmp) / "seed.bib"
        subprocess.run(
            convert(SEED, seed, "--lock", str(lock), "--offline", "-t", "bibtex"), check=True
        )
        others = Path(tmp) / "others.bib"
        data = HERE.parent / "tests" / "data"
        sources = [
            name for pattern in AUTHOR_SOURCES for name in sorted(glob.glob(str(data / pattern)))
        ]
        subprocess.run(
            [PAPERBIB, "convert", *sources, "-q", "--offline", "-t", "bibtex", "-o", str(others)],
            check=True,
        )
        text = seed.read_text("utf-8") + "\n" + others.read_text("utf-8")
    entries: list[str] = []
    givens: list[str] = []
    keys: set[str] = set()
    for block in _BLOCK.split(text):
        key = _KEY.match(block)
        author = _AUTHOR.search(block)
        if key is None or author is None:
            continue
        if key.group(2) in keys:
            raise SystemExit(f"two records with the key {key.group(2)}")
        keys.add(key.group(2))
        for name in split_top(author.group(2), " and "):
            parts = split_top(name, ",")
            if len(parts) > 1 and parts[-1].strip():
                givens.append(parts[-1].strip())
        if _ABSTRACT.search(block):
            entries.append(block.rstrip() + "\n\n")
    return entries, givens


def make_authors_bib(count: int, path: Path) -> None:
    """A .bib of *count* arXiv/Hugging Face papers with their authors, as paperbib writes them.

    The pool: the seed's 39 papers resolved offline with their lock (real authors, eprint,
    DOI, abstract), then every entry with an abstract among the records of AUTHOR_SOURCES
    (Hugging Face pages and API answers, an arXiv mailing with primaryClass, arXiv .abs
    records and an abstract page), in paperbib's order: 203 distinct real papers. The pool
    is repeated up to *count*. The first copy is written as it is; in copy k >= 1 every key
    ends in ``:k`` and every title and abstract starts with ``k: ``, so that no reader can
    reuse a value it read before. Names: in copy k >= 1 each author keeps its place and
    family name (``von`` part and suffix too), but its given name is replaced by another
    author's, taken from the list of the given names of every record read (the entries
    left out for having no abstract included, in order, repeats kept), going through that
    list GIVEN_STRIDE places at a time from one name written to the next. These pairings of
    family and given names are synthetic; every given and family name is a real one from
    the records (3,006 given names, 2,061 distinct). Names without a given part
    (collaborations, single names) are kept; the order of the authors is not changed.
    Authors per entry: median 5, mean 8.7, at most 533 (the issue's file: median about 6,
    mean about 10). The same bytes on every build with the same paperbib.
    """
    entries, givens = author_pool()
    written = 0
    donor = 0
    copy = 0
    with path.open("w", encoding="utf-8") as out:
        while written < count:
            for block in entries:
                if written >= count:
                    break
                if copy:
                    block = _KEY.sub(lambda m, n=copy: f"{m.group(1)}{m.group(2)}:{n}", block, 1)
                    block = _TITLE.sub(lambda m, n=copy: f"{m.group(1)}{n}: ", block, 1)
                    block = _ABSTRACT.sub(lambda m, n=copy: f"{m.group(1)}{n}: ", block, 1)
                    author = _AUTHOR.search(block)
                    assert author is not None
                    names = []
                    for name in split_top(author.group(2), " and "):
                        parts = split_top(name, ",")
                        if len(parts) > 1 and parts[-1].strip():
                            parts[-1] = " " + givens[donor % len(givens)]
                            donor += GIVEN_STRIDE
                        names.append(",".join(parts))
                    start, end = author.span(2)
                    block = block[:start] + " and ".join(names) + block[end:]
                out.write(block)
                written += 1
            copy += 1


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
    cases: dict[str, list[str]],
    runs: int,
    warmup: int = 1,
    fresh: dict[str, Path] | None = None,
) -> dict[str, list[tuple[float, float]]]:
    """Run every case *runs* times, interleaved, after *warmup* unmeasured rounds.

    A case named in *fresh* has that output file removed before each run.
    """
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for round_number in range(warmup + runs):
        for name, argv in cases.items():
            if fresh and name in fresh:
                fresh[name].unlink(missing_ok=True)
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
    parser.add_argument(
        "--bib-sizes", default="1000,10000", help="entry counts of the .bib files, comma-separated"
    )
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
        "paperbib: seed -> BibTeX, output exists": convert(SEED, out / "seed-again.bib"),
        "python -c 'import attrs, json'": [PYTHON, "-c", "import attrs, json"],
        "paperbib: seed -> CSL-JSON": convert(SEED, out / "seed.json"),
        "python -c 'import paperbib'": [PYTHON, "-c", "import paperbib"],
        "paperbib: xampl.bib -> CSL-JSON": [
            PAPERBIB,
            "convert",
            str(HERE.parent / "tests" / "data" / "bibtex" / "xampl.bib"),
            "-q",
            "-o",
            str(out / "xampl.json"),
        ],
    }
    # Outputs are removed before each run, but for the rebuild case: paperbib reads an
    # output that exists for the keys its papers have (a scan, for a .bib it wrote).
    fresh = {
        "paperbib: seed -> BibTeX": out / "seed.bib",
        "paperbib: seed -> CSL-JSON": out / "seed.json",
        "paperbib: xampl.bib -> CSL-JSON": out / "xampl.json",
    }
    results = run_group(startup, max(args.runs, 20), warmup=3, fresh=fresh)
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
    rebuild = median(results["paperbib: seed -> BibTeX, output exists"]) / median(
        results["python -c 'import attrs, bibtexparser'"]
    )
    print(f"\nseed -> BibTeX / import attrs, bibtexparser = **{bib_ratio:.2f}x** (target <= 1.5)")
    print(
        f"seed -> BibTeX, output exists / import attrs, bibtexparser = **{rebuild:.2f}x** (target <= 1.5)"
    )
    print(f"seed -> CSL-JSON / import attrs, json = **{csl_ratio:.2f}x** (target <= 1.5)")
    small_bib = median(results["paperbib: xampl.bib -> CSL-JSON"]) / median(
        results["python -c 'import attrs, bibtexparser'"]
    )
    print(
        f"xampl.bib -> CSL-JSON / import attrs, bibtexparser = **{small_bib:.2f}x** (target <= 1.5)\n"
    )

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
        fresh = {}
        for fmt, suffix in (("bibtex", "bib"), ("csl-json", "json"), ("ris", "ris")):
            cases[f"paperbib -> {fmt} {size:,}"] = convert(
                digest, out / f"{size}.{suffix}", "-t", fmt
            )
            fresh[f"paperbib -> {fmt} {size:,}"] = out / f"{size}.{suffix}"
        cases[f"paperbib -> bibtex, output exists {size:,}"] = convert(
            digest, out / f"{size}-again.bib", "-t", "bibtex"
        )
        group = run_group(cases, args.runs, fresh=fresh)
        for name, samples in group.items():
            print(row(name, samples, size))
            kind = (
                name.split(" ")[0]
                if name.startswith("floor")
                else name.split("-> ")[1].rsplit(" ", 1)[0]
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
    for size in sizes:
        again = medians[("bibtex, output exists", size)] / medians[("bibtex", size)]
        print(f"bibtex {size:,}, output exists / fresh = {again:.2f}")
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

    bib_sizes = [int(n) for n in args.bib_sizes.split(",") if n]
    pandoc = None if args.skip_peers else shutil.which("pandoc")
    citation_js = None if args.skip_peers else ensure_citation_js()
    for shape, title, make in (
        ("real", "TeX Live's bibliographies", make_real_bib),
        ("hf", "Hugging Face papers as paperbib writes them", make_hf_bib),
        (
            "authors",
            "papers with authors, as paperbib writes them (names recombined)",
            make_authors_bib,
        ),
    ):
        bib_section(shape, title, make, bib_sizes, args.runs, out, pandoc, citation_js)
    if not args.skip_peers and not pandoc:
        print("\n(pandoc not installed: skipped)")
    if not args.skip_peers and not citation_js:
        print("\n(node/npm not available: citation.js skipped)")


def bib_section(
    shape: str,
    title: str,
    make: Callable[[int, Path], object],
    sizes: list[int],
    runs: int,
    out: Path,
    pandoc: str | None,
    citation_js: list[str] | None,
) -> None:
    """paperbib, its peers and bibtexparser on the same .bib, to CSL-JSON."""
    print(f"## BibTeX -> CSL-JSON, side by side: {title} (whole processes)\n")
    print("| case | median s | min–max s | entries/s | peak RSS MiB |\n|---|---:|---:|---:|---:|")
    medians: dict[tuple[str, int], float] = {}
    peaks: dict[tuple[str, int], float] = {}
    for size in sizes:
        bib = WORK / f"{shape}-{size}.bib"
        if not bib.exists():
            make(size, bib)
        # paperbib reads an output that exists, to keep its keys: measured apart.
        ours = out / f"{shape}-p{size}.json"
        cases = {
            f"paperbib {size:,}": [PAPERBIB, "convert", str(bib), "-q", "-o", str(ours)],
            f"paperbib, output exists (keys kept) {size:,}": [
                PAPERBIB, "convert", str(bib), "-q", "-o", str(out / f"{shape}-again{size}.json"),
            ],
            f"bibtexparser parse + json.dump {size:,}": [
                PYTHON, str(HERE / "bibtexparser_to_json.py"), str(bib),
                str(out / f"{shape}-btp{size}.json"),
            ],
        }  # fmt: skip
        if pandoc:
            cases[f"pandoc {size:,}"] = [
                pandoc, "-f", "bibtex", "-t", "csljson", "-o",
                str(out / f"{shape}-pandoc{size}.json"), str(bib),
            ]  # fmt: skip
        if citation_js:
            cases[f"citation.js {size:,}"] = [
                *citation_js,
                str(bib),
                str(out / f"{shape}-cite{size}.json"),
            ]
        group = run_group(cases, runs, warmup=1, fresh={f"paperbib {size:,}": ours})
        for name, samples in group.items():
            print(row(name, samples, size))
            medians[(name.rsplit(" ", 1)[0], size)] = median(samples)
            peaks[(name.rsplit(" ", 1)[0], size)] = peak(samples)
    print()
    for size in sizes:
        ours_s = medians[("paperbib", size)]
        floor = medians[("bibtexparser parse + json.dump", size)]
        print(
            f"{size:,}: paperbib / bibtexparser parse + dump = **{ours_s / floor:.2f}x** (target <= 1.3)"
        )
        if ("pandoc", size) in medians:
            print(
                f"{size:,}: pandoc / paperbib = **{medians[('pandoc', size)] / ours_s:.1f}x** (target >= 8 at 10,000)"
            )
        if ("citation.js", size) in medians:
            print(
                f"{size:,}: citation.js / paperbib = **{medians[('citation.js', size)] / ours_s:.2f}x** (target > 1)"
            )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = peaks[("paperbib", large)] / peaks[("paperbib", small)]
        print(
            f"paperbib peak RSS {large:,} / {small:,} = {growth:.2f} (linear: <= {large / small:.0f})"
        )
    print()


if __name__ == "__main__":
    main()
