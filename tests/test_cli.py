"""``paperbib`` on the command line: through main(argv), and once as the installed script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import pytest

import paperbib
from paperbib import cli

from .conftest import SEED

AS_OF = ["--as-of", "2025-12-09"]
CARD = "A Title\n\nAn abstract.\n\n  • 2 authors\n·\nMay 2, 2023\n"


def run(argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, str]:
    code = cli.main(argv)
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_convert_to_bibtex(in_tmp: Path, capsysbinary: Any) -> None:
    code, out, err = run(
        ["convert", str(SEED), *AS_OF, "-t", "bibtex", "-o", "refs.bib"], capsysbinary
    )
    assert code == 0
    assert out == b""
    library = bibtexparser.parse_file("refs.bib")
    assert len(library.entries) == 39
    assert err.splitlines() == [
        f"{SEED}:11: page date 'Dec 9' has no year; read as 2025-12-09, "
        "the latest such day not after 2025-12-09 [year-inferred]",
        f"{SEED}:171: tiny2025language: date 'Jul 20' has no year; read as 2025-07-20, "
        "the latest such day not after 2025-12-09 [year-inferred]",
        f"{SEED}:323: fineweb22025one: date 'Jun 25' has no year; read as 2025-06-25, "
        "the latest such day not after 2025-12-09 [year-inferred]",
        "paperbib: 39 entries read, 39 written; 0 errors, 0 warnings, 3 notes",
    ]


def test_convert_to_csl_json_by_suffix(in_tmp: Path, capsysbinary: Any) -> None:
    code, _, _ = run(["convert", str(SEED), *AS_OF, "-o", "refs.json"], capsysbinary)
    assert code == 0
    items = json.loads(Path("refs.json").read_text(encoding="utf-8"))
    assert len(items) == 39
    assert items[19]["title"] == "Tiny language models"
    assert items[19]["issued"] == {"date-parts": [[2025, 7, 20]]}


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsysbinary: Any) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CARD.encode())))
    code, out, err = run(["convert", "-", "-t", "csl-json"], capsysbinary)
    assert code == 0
    assert json.loads(out)[0]["title"] == "A Title"
    assert err == "paperbib: 1 entry read, 1 written; 0 errors, 0 warnings, 0 notes\n"


def test_default_output_format_is_bibtex(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: Any
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CARD.encode())))
    code, out, _ = run(["convert", "-", "-q"], capsysbinary)
    assert code == 0
    assert out.startswith(b"@misc{title2023,\n")


def test_quiet_keeps_only_errors(in_tmp: Path, capsysbinary: Any) -> None:
    Path("in.txt").write_text(
        "Stray words\n\n"
        + CARD
        + "\n  • 3 authors\n·\nJul 20\n\n"
        + CARD.replace("May 2, 2023", "Jul 20")
    )
    code, _, err = run(["convert", "in.txt", "-q", "-o", "out.bib"], capsysbinary)
    assert code == 0
    assert err == (
        "in.txt:1: text before the first paper skipped: 'Stray words' [skipped-text]\n"
        "in.txt:11: author or date lines with no title before them; skipped [orphan-meta]\n"
    )


def test_output_unchanged_is_not_rewritten(in_tmp: Path, capsysbinary: Any) -> None:
    argv = ["convert", str(SEED), *AS_OF, "-o", "refs.bib"]
    assert run(argv, capsysbinary)[0] == 0
    os.utime("refs.bib", ns=(10**9, 10**9))
    code, _, err = run(argv, capsysbinary)
    assert code == 0
    assert Path("refs.bib").stat().st_mtime_ns == 10**9
    assert (
        err.splitlines()[-1]
        == "paperbib: 39 entries read, 39 written; 0 errors, 0 warnings, 3 notes; refs.bib unchanged"
    )


def test_strict_fails_on_warnings_and_writes_nothing(in_tmp: Path, capsysbinary: Any) -> None:
    Path("refs.bib").write_text("previous\n")
    Path("in.txt").write_text(SEED.read_text(encoding="utf-8").replace("Jul 20", "Jul 32"))
    code, _, err = run(["convert", "in.txt", *AS_OF, "--strict", "-o", "refs.bib"], capsysbinary)
    assert code == 1
    assert Path("refs.bib").read_text() == "previous\n"
    assert err.splitlines()[-1] == (
        "paperbib: error: --strict: 0 errors, 2 warnings; nothing written"
    )


def test_strict_passes_the_bundled_example_with_as_of(in_tmp: Path, capsysbinary: Any) -> None:
    code, _, err = run(["convert", str(SEED), *AS_OF, "--strict", "-o", "refs.bib"], capsysbinary)
    assert code == 0
    assert err.splitlines()[-1].endswith("0 errors, 0 warnings, 3 notes")
    assert Path("refs.bib").read_text().count("@misc{") == 39


def test_strict_passes_clean_input(in_tmp: Path, capsysbinary: Any) -> None:
    Path("in.txt").write_text(CARD)
    assert run(["convert", "in.txt", "--strict", "-o", "out.json"], capsysbinary)[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["convert", "IN", "-t", "yaml"],
            "paperbib: error: unknown output format 'yaml' (available: biblatex, bibtex, csl-json, ris)\n",
        ),
        (
            ["convert", "IN", "-f", "endnote"],
            "paperbib: error: unknown input format 'endnote' (available: arxiv, bibtex, csl-json, "
            "digest, hf-json, html, ris)\n",
        ),
        (
            ["convert", "IN", "-o", "refs.xyz"],
            "paperbib: error: no output format uses the suffix '.xyz'; choose one with -t/format= (available: biblatex, bibtex, csl-json, ris)\n",
        ),
        (
            ["convert", "IN", "-o", "IN"],
            "paperbib: error: output 'IN' is also an input; refusing to overwrite it\n",
        ),
    ],
)
def test_usage_errors_exit_2(
    in_tmp: Path, capsysbinary: Any, argv: list[str], message: str
) -> None:
    Path("IN").write_text(CARD)
    code, out, err = run(argv, capsysbinary)
    assert (code, out, err) == (2, b"", message)


@pytest.mark.parametrize(
    "argv",
    [
        ["convert"],
        ["convert", "x", "--as-of", "2025-13-01"],
        ["frobnicate"],
        [],
        ["convert", "x", "--bogus"],
    ],
)
def test_argparse_errors_exit_2(capsysbinary: Any, argv: list[str]) -> None:
    code, _, err = run(argv, capsysbinary)
    assert code == 2
    assert "error:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda: None, "paperbib: error: missing.txt: No such file or directory\n"),
        (
            lambda: Path("missing.txt").write_bytes(b""),
            "paperbib: error: missing.txt: input is empty\n",
        ),
        (
            lambda: Path("missing.txt").write_bytes(b"\x00\x01\x02binary"),
            "paperbib: error: missing.txt: binary data, not text\n",
        ),
        (
            lambda: Path("missing.txt").write_text("plain notes\n"),
            "paperbib: error: missing.txt: no entries found (read as digest)\n",
        ),
    ],
)
def test_data_errors_exit_1(in_tmp: Path, capsysbinary: Any, setup: Any, message: str) -> None:
    setup()
    Path("out.bib").write_text("previous\n")
    code, _, err = run(["convert", "missing.txt", "-o", "out.bib"], capsysbinary)
    assert (code, err) == (1, message)
    assert Path("out.bib").read_text() == "previous\n"


def test_output_in_a_missing_directory(in_tmp: Path, capsysbinary: Any) -> None:
    """Refused before reading, naming the path given (not a temporary file's)."""
    Path("in.txt").write_text(CARD)
    code, _, err = run(["convert", "in.txt", "-o", "no/such/dir/out.bib"], capsysbinary)
    assert code == 2
    assert err == (
        "paperbib: error: cannot write 'no/such/dir/out.bib': "
        "the directory 'no/such/dir' does not exist\n"
    )
    assert list(in_tmp.iterdir()) == [in_tmp / "in.txt"]


def test_output_under_a_file(in_tmp: Path, capsysbinary: Any) -> None:
    Path("in.txt").write_text(CARD)
    code, _, err = run(["convert", "in.txt", "-o", "in.txt/out.bib"], capsysbinary)
    assert code == 2
    assert err == "paperbib: error: cannot write 'in.txt/out.bib': 'in.txt' is not a directory\n"


@pytest.mark.parametrize("output", ["nd2/", "existing", "existing/"])
def test_output_that_is_a_directory(in_tmp: Path, capsysbinary: Any, output: str) -> None:
    """`-o nd2/` once wrote a file named nd2 and exited 0."""
    Path("in.txt").write_text(CARD)
    Path("existing").mkdir()
    code, _, err = run(["convert", "in.txt", "-o", output], capsysbinary)
    assert code == 2
    assert err.startswith(f"paperbib: error: output {output!r} is a directory; name the file")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["existing", "in.txt"]
    assert list(Path("existing").iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_unwritable_output(in_tmp: Path, capsysbinary: Any) -> None:
    """A write that fails (here: a full device, which root cannot write either) is one line."""
    Path("in.txt").write_text(CARD)
    code, _, err = run(["convert", "in.txt", "-o", "/dev/full"], capsysbinary)
    assert code == 1
    assert err.startswith("paperbib: error: ")
    assert "No space left on device" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["-o", "refs.bib", "-t", "ris"],
            "paperbib: error: -t ris writes RIS (.ris) for Zotero, EndNote, Mendeley and review "
            "tools, but 'refs.bib' ends in .bib, the suffix of biblatex and bibtex output; name "
            "the file with .ris, or leave out -t\n",
        ),
        (
            ["-o", "refs.json", "-t", "bibtex"],
            "the suffix of csl-json output; name the file with .bib, or leave out -t\n",
        ),
        (["--ascii", "-t", "csl-json"], "error: --ascii applies to biblatex and bibtex output, "),
        (["--eol", "lf", "-o", "refs.bib"], "error: --eol applies to ris output, not bibtex\n"),
    ],
)
def test_output_and_format_that_contradict(
    in_tmp: Path, capsysbinary: Any, argv: list[str], message: str
) -> None:
    """`-o refs.bib -t ris` once wrote RIS into a .bib file without a word."""
    Path("in.txt").write_text(CARD)
    code, out, err = run(["convert", "in.txt", *argv], capsysbinary)
    assert (code, out) == (2, b"")
    assert message in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["in.txt"]


@pytest.mark.parametrize(
    ("argv", "flag", "writer"),
    [
        (["--ascii", "-t", "bibtex"], "--ascii", "bibtex"),
        (["--ascii"], "--ascii", "bibtex"),
        (["--unicode", "-t", "biblatex"], "--unicode", "biblatex"),
    ],
)
def test_flags_without_effect_are_reported(
    in_tmp: Path, capsysbinary: Any, argv: list[str], flag: str, writer: str
) -> None:
    """`--ascii` with `-t bibtex` was silently ignored: bibtex output is ASCII anyway."""
    Path("in.txt").write_text(CARD)
    code, _, err = run(["convert", "in.txt", "-o", "out.bib", *argv], capsysbinary)
    assert code == 0
    assert err.startswith(
        f"paperbib: warning: {flag} has no effect: {writer} output does that by default\n"
    )
    assert Path("out.bib").exists()
    code, _, err = run(["convert", "in.txt", "-q", "-o", "out.bib", *argv], capsysbinary)
    assert (code, err) == (0, "")


def test_internal_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, in_tmp: Path, capsysbinary: Any
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(paperbib.api, "convert", boom)
    Path("in.txt").write_text(CARD)
    code, _, err = run(["convert", "in.txt"], capsysbinary)
    assert code == 1
    assert err == (
        "paperbib: internal error: RuntimeError: kaput "
        "(rerun with --debug for the traceback, and please report it)\n"
    )
    code, _, err = run(["convert", "in.txt", "--debug"], capsysbinary)
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("RuntimeError: kaput")


def test_formats(capsysbinary: Any) -> None:
    code, out, _ = run(["formats"], capsysbinary)
    assert code == 0
    assert out.decode().splitlines() == [
        "readers:",
        "  arxiv     .eml .abs          arXiv daily mailing, listing text, .abs records",
        "  bibtex    .bib               BibTeX and biblatex databases (.bib)",
        "  csl-json  .json              CSL-JSON (.json) from pandoc, Zotero, citeproc processors",
        "  digest    .txt               Hugging Face papers page copied as text",
        "            options: as_of",
        "  hf-json   .json              Hugging Face papers API JSON (/api/daily_papers, /api/papers/ID)",
        "  html      .html .htm .xhtml  Web pages: Hugging Face papers, arXiv listings and abstracts, "
        "publishers",
        "  ris       .ris               RIS (.ris) from Zotero, EndNote, Mendeley and databases",
        "writers:",
        "  biblatex  .bib   biblatex database (.bib) for biber, UTF-8",
        "            options: abstract, double_braces, arxiv_note, unicode, extras",
        "  bibtex    .bib   BibTeX database (.bib) for bibtex and biber",
        "            options: abstract, unicode, double_braces, arxiv_note, extras",
        "  csl-json  .json  CSL-JSON (.json) for pandoc, Zotero and citeproc processors",
        "  ris       .ris   RIS (.ris) for Zotero, EndNote, Mendeley and review tools",
        "            options: eol",
    ]


def test_version(capsysbinary: Any) -> None:
    code, out, _ = run(["--version"], capsysbinary)
    assert (code, out) == (0, b"paperbib 0.1.0\n")


def _console_script() -> str:
    script = Path(sys.executable).parent / "paperbib"
    if script.exists():
        return str(script)
    found = shutil.which("paperbib")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("the paperbib console script is not installed")
        pytest.skip("the paperbib console script is not installed")
    return found


def test_installed_console_script(tmp_path: Path) -> None:
    """The README's command, through the script pip installed."""
    out = tmp_path / "refs.bib"
    proc = subprocess.run(
        [_console_script(), "convert", str(SEED), *AS_OF, "-t", "bibtex", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stderr.splitlines()[-1]
        == "paperbib: 39 entries read, 39 written; 0 errors, 0 warnings, 3 notes"
    )
    assert out.read_text(encoding="utf-8").count("\n@misc{") == 38


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "paperbib", "convert", str(SEED), *AS_OF, "-q", "-t", "csl-json"],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)) == 39
    assert proc.stderr == b""


# The command line's own process ends without freeing what it made (paperbib._startup):
# what it wrote to its standard streams must all be there, and its exit status kept.
EXAMPLES_BIB = Path(__file__).parent / "data" / "bibtex" / "biblatex-examples.bib"


BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _python_m(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "paperbib", *argv],
        capture_output=True,
        check=False,
        cwd="/",
        env=BUFFERED,
    )


def test_a_process_ends_with_all_its_output_written() -> None:
    proc = _python_m("convert", str(EXAMPLES_BIB), "-t", "csl-json")
    assert proc.returncode == 0
    assert len(proc.stdout) > 1 << 16  # more than a pipe holds at once
    in_process = subprocess.run(
        [sys.executable, "-c", "import sys; from paperbib.cli import main; main(sys.argv[1:])",
         "convert", str(EXAMPLES_BIB), "-t", "csl-json"],
        capture_output=True,
        check=False,
        cwd="/",
        env=BUFFERED,
    )  # fmt: skip
    assert proc.stdout == in_process.stdout
    assert proc.stderr == in_process.stderr
    assert proc.stderr.decode().splitlines()[-1].startswith("paperbib: 92 entries read, ")


def test_a_process_ends_with_its_printed_output_written() -> None:
    proc = _python_m("formats")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "readers:"
    assert "writers:" in lines
    assert lines[-2].startswith("  ris ")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["convert", "/nonexistent/refs.bib"], 1, "paperbib: error: /nonexistent/refs.bib: "),
        (["convert", str(EXAMPLES_BIB), "--nonsense"], 2, "paperbib: error: unrecognized"),
        (["convert", str(EXAMPLES_BIB), "-t", "nonsense"], 2, "paperbib: error: unknown "),
    ],
)
def test_a_process_ends_with_the_commands_status(
    argv: list[str], status: int, message: str
) -> None:
    proc = _python_m(*argv)
    assert proc.returncode == status
    assert proc.stdout == b""
    assert proc.stderr.decode().splitlines()[-1].startswith(message)


def test_a_process_whose_reader_went_away_ends_quietly() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "paperbib", "convert", str(EXAMPLES_BIB), "-q", "-t", "csl-json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd="/",
        env=BUFFERED,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # before the conversion has written anything
        err = proc.stderr.read()
    assert proc.returncode == 1
    assert err == b""


@pytest.mark.parametrize(("eol", "newline"), [([], b"\r\n"), (["--eol", "lf"], b"\n")])
def test_ris_line_ends(in_tmp: Path, capsysbinary: Any, eol: list[str], newline: bytes) -> None:
    code, _, _ = run(["convert", str(SEED), *AS_OF, "-q", "-o", "refs.ris", *eol], capsysbinary)
    assert code == 0
    data = Path("refs.ris").read_bytes()
    assert data.count(b"TY  - GEN" + newline) == 39
    assert data.replace(newline, b"").count(b"\n") == 0
    assert not data.startswith(b"\xef\xbb\xbf")


def test_an_option_the_writer_does_not_take_is_a_usage_error(
    in_tmp: Path, capsysbinary: Any
) -> None:
    code, _, err = run(
        ["convert", str(SEED), *AS_OF, "-q", "--eol", "lf", "-o", "refs.bib"], capsysbinary
    )
    assert code == 2
    assert err == "paperbib: error: --eol applies to ris output, not bibtex\n"
    assert not Path("refs.bib").exists()
    argv = ["convert", str(SEED), *AS_OF, "-q", "--writer-option", "eol=lf", "-o", "refs.bib"]
    code, _, err = run(argv, capsysbinary)
    assert code == 2
    assert (
        "unknown writer option 'eol' for the bibtex writer "
        "(valid: abstract, arxiv_note, double_braces, extras, unicode)"
    ) in err
    assert not Path("refs.bib").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--writer-option", "abstrct=no"], "unknown writer option 'abstrct'"),
        (["--writer-option", "abstract=maybe"], "bad value 'maybe' for option 'abstract'"),
        (["--writer-option", "abstract"], "--writer-option takes NAME=VALUE, not 'abstract'"),
        (["--reader-option", "asof=2025-12-09"], "unknown reader option 'asof'"),
    ],
)
def test_plugin_options_are_checked(
    in_tmp: Path, capsysbinary: Any, argv: list[str], message: str
) -> None:
    code, _, err = run(["convert", str(SEED), "-o", "refs.bib", *argv], capsysbinary)
    assert code == 2
    assert message in err
    assert not Path("refs.bib").exists()


def test_plugin_options_reach_any_plugin(in_tmp: Path, capsysbinary: Any) -> None:
    code, _, _ = run(
        [
            "convert", str(SEED), "-o", "refs.ris", "-q",
            "--reader-option", "as-of=2025-12-09", "--writer-option", "eol=lf",
        ],
        capsysbinary,
    )  # fmt: skip
    assert code == 0
    ris = Path("refs.ris").read_bytes()
    assert b"\r\n" not in ris
    assert b"Y2  - 2025/12/09/" in ris


@pytest.mark.parametrize(
    ("options", "present", "absent"),
    [
        ([], ["  abstract ", "{LeTI}"], ["{{LeTI}}"]),
        (["--no-abstract"], ["{LeTI}"], ["  abstract "]),
        (["--double-braces"], ["{{LeTI}}"], []),
        (["--key-pattern", "{Title}-{year}"], ["@misc{Leti-2023,"], ["@misc{leti2023learning,"]),
        # Known only by title: @misc, as biblatex's @online needs url, doi or eprint.
        (["-t", "biblatex"], ["@misc{leti2023learning,", "  date "], ["  year ", "@online"]),
    ],
)
def test_bibtex_options(
    in_tmp: Path, capsysbinary: Any, options: list[str], present: list[str], absent: list[str]
) -> None:
    code, _, err = run(
        ["convert", str(SEED), *AS_OF, "-q", "-o", "refs.bib", *options], capsysbinary
    )
    assert (code, err) == (0, "")
    text = Path("refs.bib").read_text(encoding="utf-8")
    assert all(p in text for p in present)
    assert not any(a in text for a in absent)


def test_unicode_and_ascii_options(in_tmp: Path, capsysbinary: Any) -> None:
    Path("in.txt").write_text(CARD.replace("A Title", "Café Title"), encoding="utf-8")
    assert run(["convert", "in.txt", "-q", "-o", "a.bib"], capsysbinary)[0] == 0
    assert "Caf{\\'e} Title" in Path("a.bib").read_text(encoding="utf-8")
    assert run(["convert", "in.txt", "-q", "--unicode", "-o", "u.bib"], capsysbinary)[0] == 0
    assert "Café Title" in Path("u.bib").read_text(encoding="utf-8")
    assert run(["convert", "in.txt", "-q", "-t", "biblatex", "-o", "l.bib"], capsysbinary)[0] == 0
    assert "Café Title" in Path("l.bib").read_text(encoding="utf-8")
    argv = ["convert", "in.txt", "-q", "-t", "biblatex", "--ascii", "-o", "la.bib"]
    assert run(argv, capsysbinary)[0] == 0
    assert "Caf{\\'e} Title" in Path("la.bib").read_text(encoding="utf-8")
    code, _, err = run(["convert", "in.txt", "--ascii", "--unicode"], capsysbinary)
    assert (code, err) == (2, "paperbib: error: --unicode and --ascii contradict each other\n")


def test_bad_key_pattern_is_a_usage_error(in_tmp: Path, capsysbinary: Any) -> None:
    Path("in.txt").write_text(CARD, encoding="utf-8")
    code, _, err = run(["convert", "in.txt", "--key-pattern", "{bogus}"], capsysbinary)
    assert code == 2
    assert err.startswith("paperbib: error: unknown key placeholder {bogus} (known: {author},")
