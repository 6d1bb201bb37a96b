"""What a run imports: heavy libraries only in the plugin that needs them.

``paperbib convert`` runs on every build step, so its start-up is mostly import
time. These tests check the imports, in a fresh interpreter each; how long
they take is measured by ``benchmarks/run.py``, never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, SEED

HEAVY = ("lxml", "bibtexparser", "pybtex")
# Standard modules the command line avoids on the way to its output.
SLOW_STDLIB = ("shutil", "tempfile", "traceback", "importlib.metadata", "csv", "calendar")

PROBE = """
import json, sys
from paperbib.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""


def _modules_after(*argv: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    code, modules = json.loads(proc.stderr.splitlines()[-1])
    assert code == 0, proc.stderr
    return set(modules)


def _top(modules: set[str], names: tuple[str, ...]) -> set[str]:
    return {m for m in modules for n in names if m == n or m.startswith(n + ".")}


def test_import_paperbib_imports_no_heavy_library() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, paperbib; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = set(json.loads(proc.stdout))
    assert "paperbib.api" in modules
    assert _top(modules, HEAVY) == set()
    assert not any(m.startswith(("paperbib.readers.", "paperbib.writers.")) for m in modules)
    # Entry points are scanned, and option handling is loaded, only when needed.
    assert _top(modules, ("importlib.metadata", "paperbib._options")) == set()


@pytest.mark.parametrize("to", ["bibtex", "csl-json", "ris"])
def test_digest_conversion_imports_only_its_plugins(tmp_path: Path, to: str) -> None:
    modules = _modules_after(
        "convert", str(SEED), "--as-of", "2025-12-09", "-q", "-t", to, "-o", str(tmp_path / "out")
    )
    assert _top(modules, HEAVY) == set()
    assert _top(modules, SLOW_STDLIB) == set()
    plugins = {m for m in modules if m.startswith(("paperbib.readers.", "paperbib.writers."))}
    writer = {"bibtex": "bibtex", "csl-json": "csl_json", "ris": "ris"}[to]
    assert "paperbib.readers.digest" in plugins
    assert f"paperbib.writers.{writer}" in plugins
    assert not any(m.endswith((".html", ".arxiv_text", ".hf_json")) for m in plugins)


@pytest.mark.parametrize(("to", "name"), [("bibtex", "out.bib"), ("csl-json", "out.json")])
def test_naming_the_format_and_its_suffix_loads_no_other_writer(
    tmp_path: Path, to: str, name: str
) -> None:
    """``-t bibtex -o refs.bib`` (a Makefile's usual line) checks the suffix from the table."""
    modules = _modules_after(
        "convert", str(SEED), "--as-of", "2025-12-09", "-q", "-t", to, "-o", str(tmp_path / name)
    )
    assert _top(modules, SLOW_STDLIB) == set()
    writers = {m for m in modules if m.startswith("paperbib.writers.")}
    assert writers == {f"paperbib.writers.{to.replace('-', '_')}"}


def test_html_conversion_imports_lxml(tmp_path: Path) -> None:
    """The other side of the test above: the HTML reader does load lxml when used."""
    page = DATA / "html" / "papers-daily-2024-08-01.html"
    modules = _modules_after("convert", str(page), "-q", "-o", str(tmp_path / "out.json"))
    assert "lxml.etree" in modules
    assert _top(modules, ("bibtexparser", "pybtex")) == set()


def test_bib_conversion_imports_bibtexparser_only(tmp_path: Path) -> None:
    """xampl.bib's names with TeX are split by bibtexparser; pybtex and lxml stay out."""
    modules = _modules_after(
        "convert", str(DATA / "bibtex" / "xampl.bib"), "-q", "-o", str(tmp_path / "out.json")
    )
    assert "bibtexparser" in modules
    assert _top(modules, ("pybtex", "lxml")) == set()


def test_digest_conversion_reads_no_bibliography_library(tmp_path: Path) -> None:
    """The new readers, and the keys of an existing output, load nothing heavy for a digest."""
    out = tmp_path / "out.bib"
    out.write_text(
        "@misc{kept, title = {Pre-Trained Language Models for Interactive Decision-Making}}\n"
    )
    modules = _modules_after("convert", str(SEED), "--as-of", "2025-12-09", "-q", "-o", str(out))
    # The keys of an existing output are found by a scan, without bibtexparser: every
    # rebuild reads that file.
    assert _top(modules, HEAVY) == set()
    assert "paperbib.readers.bibtex" in modules
    # Rebuilding over the output paperbib wrote, the same.
    modules = _modules_after("convert", str(SEED), "--as-of", "2025-12-09", "-q", "-o", str(out))
    assert _top(modules, HEAVY) == set()
    assert _top(modules, SLOW_STDLIB) == set()
    # A file only the full reader reads right (here, with @string) is read in full, and
    # split without bibtexparser while nothing in it is broken.
    out.write_text('@string{t = "T"}\n@misc{kept, title = t}\n')
    modules = _modules_after("convert", str(SEED), "--as-of", "2025-12-09", "-q", "-o", str(out))
    assert _top(modules, HEAVY) == set()
    # A broken block is left to bibtexparser, for its recovery and its messages.
    out.write_text('@string{t = "T"}\n@misc{kept, title = t\n@misc{other, title = {U}}\n')
    modules = _modules_after("convert", str(SEED), "--as-of", "2025-12-09", "-q", "-o", str(out))
    assert "bibtexparser" in modules
    assert _top(modules, ("pybtex", "lxml")) == set()
    modules = _modules_after(
        "convert", str(SEED), "--as-of", "2025-12-09", "-q", "-o", str(tmp_path / "new.bib")
    )
    assert _top(modules, HEAVY) == set()
    assert not any(
        m.startswith(("paperbib.readers.bibtex", "paperbib._tex.bibtex")) for m in modules
    )


def _help(columns: int) -> list[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperbib", "convert", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": str(columns)},
    ).stdout.splitlines()


def test_help_is_wrapped_to_columns() -> None:
    """The CLI sizes help text itself (without shutil); it must still follow COLUMNS."""
    lines = _help(50)
    assert len(lines) > 20
    assert max(len(line) for line in lines) <= 50
    assert len(_help(200)) < len(lines)


@pytest.mark.parametrize(
    ("page", "loads_bibtexparser"),
    [("sandcrawler-nature_article.html", False), ("papis-USENIX_goyal.html", True)],
)
def test_bibtexparser_only_for_a_page_that_shows_a_bibtex_entry(
    tmp_path: Path, page: str, loads_bibtexparser: bool
) -> None:
    """A landing page reads a BibTeX block it shows (USENIX) with bibtexparser; other pages
    never import it."""
    modules = _modules_after(
        "convert", str(DATA / "html" / page), "-q", "-o", str(tmp_path / "o.ris")
    )
    assert ("bibtexparser" in _top(modules, ("bibtexparser",))) is loads_bibtexparser
