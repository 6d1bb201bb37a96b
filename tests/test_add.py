"""``paperbib add``: new papers appended, every other byte of the file left alone."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest

from paperbib import ConversionError, PaperbibWarning, add, cli, load

from .conftest import DATA, SEED, SEED_AS_OF

HF_PAPER = DATA / "hf-json" / "api-papers-2605.13301.json"
XAMPL = DATA / "bibtex" / "xampl.bib"
MINE = (
    "% My references, kept by hand.\n"
    "@string{cj = {The Computer Journal}}\n\n"
    "@article{knuth84,\n"
    "  author = {Donald E. Knuth},\n"
    "  title  = {Literate Programming},\n"
    "  journal = cj, year = 1984, volume = 27, pages = {97--111},\n"
    "}\n"
)


@pytest.fixture
def refs(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(MINE.encode())
    return path


def test_new_papers_are_appended_and_nothing_else_changes(refs: Path) -> None:
    result = add([HF_PAPER], refs)
    data = refs.read_bytes()
    assert data.startswith(MINE.encode())
    block = data[len(MINE.encode()) :].decode()
    assert block.startswith("\n@misc{li2026achieving,\n")
    assert (result.entries_read, result.entries_added, result.written) == (1, 1, True)
    keys = [entry.key for entry in load(refs)]
    assert keys == ["knuth84", "li2026achieving"]


def test_papers_already_there_are_reported_and_the_file_is_not_rewritten(refs: Path) -> None:
    add([HF_PAPER], refs)
    before = refs.stat()
    again = add([HF_PAPER], refs)
    assert (again.entries_added, again.written) == (0, False)
    assert (
        again.present
        == (
            (
                "Achieving Olympiad-Level Geometry Proofs with Mixed Natural-Language Reasoning",
                "li2026achieving",
            ),
        )
        or again.present[0][1] == "li2026achieving"
    )
    (note,) = [d for d in again.diagnostics if d.code == "present"]
    assert str(note).startswith(f"{HF_PAPER}:")
    assert "li2026achieving: already in refs.bib (line 10); not added [present]" in str(note)
    after = refs.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_the_same_paper_by_title_and_year(refs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.bib"
    copy.write_text(
        "@inproceedings{other, title = {Literate programming.}, author = {D. Knuth}, year = 1984}\n"
    )
    result = add([copy], refs)
    assert result.entries_added == 0
    assert result.present[0][1] == "knuth84"
    assert refs.read_text() == MINE


def test_a_paper_whose_doi_proves_it_another_is_added(tmp_path: Path) -> None:
    """The same title and year with another DOI is another paper, not one already there."""
    refs = tmp_path / "refs.bib"
    refs.write_text(
        "@article{cats, title = {Deep learning for cats}, year = 2020, doi = {10.1000/one}}\n"
    )
    other = tmp_path / "other.bib"
    other.write_text(
        "@article{x, title = {Deep learning for cats}, year = 2020, doi = {10.1000/two}}\n"
    )
    result = add([other], refs)
    assert result.entries_added == 1
    assert not result.present
    assert "10.1000/two" in refs.read_text()


@pytest.mark.parametrize("name", ["refs.json", "refs.ris"])
def test_add_refuses_a_file_another_format_writes(tmp_path: Path, capsys: Any, name: str) -> None:
    target = tmp_path / name
    target.write_text("[]\n")
    assert cli.main(["add", str(SEED), "--as-of", str(SEED_AS_OF), "--to", str(target)]) == 2
    assert "add appends BibTeX entries to a .bib file" in capsys.readouterr().err
    assert target.read_text() == "[]\n"


def test_new_keys_never_take_a_key_of_the_file(tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    # A key taken by an entry the file has, even one that cannot be parsed.
    refs.write_text("@article{li2026achieving, title = {Broken {entry}\n\n@misc{x, title={X}}\n")
    result = add([HF_PAPER], refs)
    assert result.entries_added == 1
    text = refs.read_text()
    assert "@misc{li2026achieving," not in text
    assert "@misc{li2026achievingbo," in text


def test_crlf_files_get_crlf_entries_and_a_missing_final_newline_is_added(tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    original = MINE.replace("\n", "\r\n").rstrip("\r\n").encode()
    refs.write_bytes(original)
    add([HF_PAPER], refs)
    data = refs.read_bytes()
    assert data.startswith(original)
    block = data[len(original) :]
    assert block.startswith(b"\r\n\r\n@misc{")
    assert b"\n" not in block.replace(b"\r\n", b"")


def test_windows_1252_file_stays_windows_1252(tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    original = "@book{m, author = {Jürgen Müller}, title = {Übung}, year = 2001}\n".encode("cp1252")
    refs.write_bytes(original)
    add([HF_PAPER], refs)
    data = refs.read_bytes()
    assert data.startswith(original)
    data[len(original) :].decode("ascii")  # the BibTeX writer's ASCII fits any of them


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    refs = tmp_path / "new.bib"
    result = add([XAMPL], refs)
    assert result.written
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        assert len(load(refs, "bibtex")) == result.entries_added


def test_strict_writes_nothing(refs: Path) -> None:
    damaged = DATA / "bibtex" / "broken.bib"
    with pytest.raises(ConversionError):
        add([damaged], refs, strict=True)
    assert refs.read_text() == MINE


def test_command_line(refs: Path, capsys: Any) -> None:
    code = cli.main(["add", str(SEED), "--as-of", SEED_AS_OF.isoformat(), "--to", str(refs), "-q"])
    assert code == 0
    assert refs.read_text().startswith(MINE)
    code = cli.main(["add", str(SEED), "--as-of", SEED_AS_OF.isoformat(), "--to", str(refs)])
    err = capsys.readouterr().err
    assert code == 0
    assert err.splitlines()[-1] == (
        f"paperbib: 39 entries read, 0 added to {refs} (39 already there); "
        f"0 errors, 0 warnings, 42 notes; {refs} unchanged"
    )


def test_add_and_convert_share_their_input_options() -> None:
    parser = cli._parser()
    subcommands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    options = {name: {a.dest for a in subcommands[name]._actions} for name in ("convert", "add")}
    shared = {"inputs", "from_format", "as_of", "key_pattern", "reader_option", "strict", "quiet"}
    assert shared <= options["convert"] & options["add"]


def test_the_file_is_replaced_atomically(refs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the file as it was, and no temporary file behind."""
    import paperbib._files as files

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        add([HF_PAPER], refs)
    assert refs.read_text() == MINE
    assert os.listdir(refs.parent) == ["refs.bib"]


def test_add_warns_of_a_flag_that_changes_nothing_as_convert_does(
    tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "refs.bib"
    args = ["add", str(SEED), "--as-of", str(SEED_AS_OF), "--ascii", "--to", str(target)]
    assert cli.main(args) == 0
    assert "warning: --ascii has no effect: bibtex output does that by default" in (
        capsys.readouterr().err
    )
