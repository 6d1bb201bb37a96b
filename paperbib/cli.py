"""The ``paperbib`` command: a thin shell over :func:`paperbib.api.convert` and ``add``.

Exit status: 0 when the output was written (diagnostics allowed), 1 when the
input could not be converted (or, with ``--strict``, when anything was
reported; nothing is written then), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, TextIO

from paperbib import __version__
from paperbib._startup import claim_process, exit_process, help_width
from paperbib.diagnostics import Diagnostic, Severity
from paperbib.errors import ConversionError, PaperbibError, UnknownFormatError, UsageError

if TYPE_CHECKING:
    from paperbib.resolve import Summary

__all__ = ["main"]

PROG = "paperbib"


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, told the width so that it does not import :mod:`shutil`."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24) -> None:
        super().__init__(prog, indent_increment, max_help_position, help_width())


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    """The options that read inputs, shared by every command that reads them (convert, add)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="input file, or - for stdin")
    parser.add_argument(
        "-f", "--from", dest="from_format", metavar="FROM", help="input format (default: guessed)"
    )
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="DATE",
        help="capture day of copied pages, YYYY-MM-DD: dates shown without a year are "
        "placed on or before it (default: today)",
    )
    parser.add_argument(
        "--key-pattern",
        metavar="PATTERN",
        help="citation keys from placeholders {author} {Author} {year} {title} {Title} "
        "{title2} {shorttitle} {Shorttitle} {arxiv} (default: Google Scholar style, "
        "{author}{year}{title})",
    )
    parser.add_argument(
        "--resolve",
        nargs="?",
        const=True,
        default=False,
        metavar="SOURCES",
        help="fill in names, arXiv ids, DOIs from online sources (all built-in ones, in "
        "order, or e.g. --resolve hf); what is found is pinned in the lock file",
    )
    parser.add_argument(
        "--lock",
        metavar="PATH",
        help="lock file (default: the output with the suffix .lock); an existing lock is "
        "applied without the network",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="never touch the network, even with --resolve",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="with --resolve, resolve papers the lock already has again",
    )
    parser.add_argument(
        "--reader-option",
        action="append",
        default=[],
        metavar="NAME=VAL",
        help="an option of the input format's reader (repeatable; `paperbib formats` lists them)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1, write nothing) if a warning or an error is reported; notes pass",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="report only errors, no summary line"
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )


def _add_bibtex_options(parser: argparse.ArgumentParser) -> None:
    """The BibTeX writers' options, shared by convert and add."""
    parser.add_argument(
        "--unicode",
        action="store_true",
        help="BibTeX: keep UTF-8 instead of LaTeX accent forms (biblatex output is UTF-8 anyway)",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="biblatex: write LaTeX accent forms instead of UTF-8",
    )
    parser.add_argument(
        "--no-abstract", action="store_true", help="BibTeX/biblatex: leave abstracts out"
    )
    parser.add_argument(
        "--double-braces",
        action="store_true",
        help="BibTeX/biblatex: protect acronyms with {{...}} (Better BibTeX's style)",
    )
    parser.add_argument(
        "--arxiv-note",
        action="store_true",
        help="BibTeX/biblatex: also write note = {arXiv:ID}, for styles that ignore eprint",
    )


def _add_writer_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--writer-option",
        action="append",
        default=[],
        metavar="NAME=VAL",
        help="an option of the output format's writer (repeatable; `paperbib formats` lists them)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_Formatter,
        description="Turn paper lists (Hugging Face papers pages, arXiv listings, publisher "
        "pages) and bibliographies (BibTeX, CSL-JSON, RIS) into BibTeX, CSL-JSON and RIS.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    convert = commands.add_parser(
        "convert",
        formatter_class=_Formatter,
        help="convert inputs to one bibliography",
        description="Read every INPUT, give all entries unique citation keys and write one "
        "bibliography. Diagnostics go to stderr as file:line: message [code].",
    )
    _add_input_options(convert)
    convert.add_argument(
        "-o", "--output", default="-", metavar="OUTPUT", help="output file (default: stdout)"
    )
    convert.add_argument(
        "-t",
        "--to",
        dest="to_format",
        metavar="TO",
        help="output format (default: from OUTPUT's suffix, else bibtex)",
    )
    convert.add_argument(
        "--aux",
        metavar="AUX",
        help="write only the entries the LaTeX document of this .aux file cites "
        "(bibtex or biblatex; \\@input files followed)",
    )
    _add_bibtex_options(convert)
    convert.add_argument(
        "--eol",
        choices=("crlf", "lf"),
        help="line ends of RIS output (default: crlf, as the RIS specification says)",
    )
    _add_writer_option(convert)
    convert.set_defaults(handler=_convert)

    add = commands.add_parser(
        "add",
        formatter_class=_Formatter,
        help="append the papers a .bib file does not have yet",
        description="Read every INPUT and append to the .bib file BIB the papers it does not "
        "have (same DOI, arXiv id, or title and year); every other byte of BIB stays as it "
        "is. Papers already there are reported; nothing is written when nothing is new.",
    )
    _add_input_options(add)
    add.add_argument(
        "--to", dest="bib", required=True, metavar="BIB", help="the .bib file to append to"
    )
    add.add_argument(
        "-t",
        "--format",
        dest="to_format",
        choices=("bibtex", "biblatex"),
        default="bibtex",
        help="write the new entries for bibtex or biblatex (default: bibtex)",
    )
    _add_bibtex_options(add)
    _add_writer_option(add)
    add.set_defaults(handler=_add)

    formats = commands.add_parser(
        "formats", formatter_class=_Formatter, help="list input and output formats"
    )
    formats.set_defaults(handler=_formats, debug=False)
    return parser


def _print_diagnostics(diagnostics: Sequence[Diagnostic], quiet: bool, stream: TextIO) -> None:
    for diagnostic in diagnostics:
        if not quiet or diagnostic.severity is Severity.ERROR:
            print(diagnostic, file=stream)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _inputs(args: argparse.Namespace) -> list[str | IO[bytes]]:
    return [sys.stdin.buffer if name == "-" else name for name in args.inputs]


def _reader_options(args: argparse.Namespace) -> tuple[dict[str, object], dict[str, str]]:
    """The reader options of the input options: ``(values, text)``."""
    values: dict[str, object] = {"as_of": args.as_of} if args.as_of else {}
    return values, _name_values(args.reader_option, "--reader-option")


def _writer_options(args: argparse.Namespace) -> tuple[dict[str, object], dict[str, str]]:
    """The writer options of the writer flags: ``(values, text)``."""
    flags = _writer_flags(args)
    values = {option: value for option, (_, value) in flags.items()}
    return values, _name_values(args.writer_option, "--writer-option")


def _writer_flags(args: argparse.Namespace) -> dict[str, tuple[str, object]]:
    """The writer options the command line's own flags set: ``{option: (flag, value)}``."""
    if args.unicode and args.ascii:
        raise UsageError("--unicode and --ascii contradict each other")
    flags: dict[str, tuple[str, object]] = {}
    if args.unicode or args.ascii:
        flags["unicode"] = ("--unicode", True) if args.unicode else ("--ascii", False)
    if args.no_abstract:
        flags["abstract"] = ("--no-abstract", False)
    if args.double_braces:
        flags["double_braces"] = ("--double-braces", True)
    if args.arxiv_note:
        flags["arxiv_note"] = ("--arxiv-note", True)
    if getattr(args, "eol", None):  # add has no --eol: it writes BibTeX only
        flags["eol"] = ("--eol", args.eol)
    return flags


def _check_output_path(output: str) -> None:
    """Refuse an output path that names a directory or lies in one that does not exist."""
    if output == "-":
        return
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        name = os.path.join(output, "refs.bib")
        raise UsageError(f"output {output!r} is a directory; name the file to write ({name!r})")
    directory = os.path.dirname(output)
    if directory and not os.path.isdir(directory):
        problem = "is not a directory" if os.path.exists(directory) else "does not exist"
        where = f"{directory!r}" if os.path.exists(directory) else f"the directory {directory!r}"
        raise UsageError(f"cannot write {output!r}: {where} {problem}")


def _check_writer_flags(
    to_format: str | None, output: str | None, flags: dict[str, tuple[str, object]]
) -> list[str]:
    """Refuse what cannot be meant, before any input is read; return warnings.

    An output file whose suffix belongs to another format than ``-t`` names
    (``-o refs.bib -t ris``) and a flag the writer does not take
    (``--eol`` with BibTeX) are usage errors; a flag that sets what the
    writer does anyway (``--ascii`` with ``bibtex``) is a warning. *output*
    is ``None`` when there is no file name to check (``add`` checks its own).
    """
    from paperbib.registry import default_registry, plugin_options

    named = output if output not in (None, "-") else None
    writer = default_registry.find_writer(to_format, filename=None if to_format else named)
    suffix = os.path.splitext(named)[1].lower() if named else ""
    if to_format and suffix:
        claims = default_registry.writers_claiming(suffix)
        if claims and writer.name not in claims:
            raise UsageError(
                f"-t {writer.name} writes {writer.description}, but {output!r} ends in "
                f"{suffix}, the suffix of {' and '.join(claims)} output; name the file "
                f"with {' or '.join(writer.suffixes) or 'another suffix'}, or leave out -t"
            )
    options = plugin_options(writer)
    warnings = []
    for option, (flag, value) in flags.items():
        if option not in options:
            from paperbib.registry import available_writers

            takers = [
                name for name, cls in available_writers().items() if option in plugin_options(cls)
            ]
            raise UsageError(
                f"{flag} applies to {' and '.join(takers) or 'no'} output, not {writer.name}"
            )
        if options[option].default == value:
            warnings.append(f"{flag} has no effect: {writer.name} output does that by default")
    return warnings


def _shared(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments ``convert`` and ``add`` take from the same options."""
    reader_options, reader_text = _reader_options(args)
    writer_options, writer_text = _writer_options(args)
    return {
        "from_format": args.from_format,
        "to_format": args.to_format,
        "strict": args.strict,
        "key_pattern": args.key_pattern,
        "reader_options": reader_options,
        "writer_options": writer_options,
        "reader_text_options": reader_text,
        "writer_text_options": writer_text,
        "resolve": args.resolve,
        "lock": args.lock,
        "offline": args.offline,
        "refresh": args.refresh,
        "progress": _progress(args),
    }


def _strict_failure(exc: ConversionError, quiet: bool) -> int:
    _print_diagnostics(exc.diagnostics, quiet, sys.stderr)
    print(
        f"{PROG}: error: --strict: {_counts(exc.diagnostics, notes=False)}; nothing written",
        file=sys.stderr,
    )
    return 1


def _resolved(summary: Summary, lock: str | None) -> str:
    """``paperbib: resolved 38 of 39 (hf 38, arxiv 38, lock 0), 1 unresolved; 39 requests``."""
    parts = [f"{name} {count}" for name, count in summary.by_source]
    parts.append(f"lock {summary.locked}")
    line = f"{PROG}: resolved {summary.resolved} of {summary.papers} ({', '.join(parts)})"
    if summary.unresolved:
        line += f", {len(summary.unresolved)} unresolved"
    line += f"; {_plural(summary.requests, 'request')}"
    if lock:
        line += f"; lock {lock}"
    return line


def _progress(args: argparse.Namespace) -> Callable[[int, int, int], None] | None:
    """Papers done, requests and time left on stderr, for runs of more than 2 s on a terminal."""
    if args.quiet or not args.resolve or not sys.stderr.isatty():
        return None
    import time

    start = time.monotonic()
    shown = False

    def show(done: int, total: int, requests: int) -> None:
        nonlocal shown
        elapsed = time.monotonic() - start
        if elapsed < 2 and not shown:
            return
        shown = True
        left = elapsed / done * (total - done) if done else 0
        end = "\n" if done >= total else ""
        print(
            f"\r{PROG}: resolving {done}/{total} papers, {requests} requests, "
            f"about {left:.0f} s left ",
            end=end,
            file=sys.stderr,
            flush=True,
        )

    return show


def _convert(args: argparse.Namespace) -> int:
    from paperbib.api import convert

    if args.whole_process:
        claim_process()
    if args.output != "-" and any(
        name != "-" and _same_file(name, args.output) for name in args.inputs
    ):
        raise UsageError(f"output {args.output!r} is also an input; refusing to overwrite it")
    output: str | IO[bytes] = sys.stdout.buffer if args.output == "-" else args.output
    _check_output_path(args.output)
    for warning in _check_writer_flags(args.to_format, args.output, _writer_flags(args)):
        if not args.quiet:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
    try:
        result = convert(_inputs(args), output, aux=args.aux, **_shared(args))
    except ConversionError as exc:
        return _strict_failure(exc, args.quiet)
    if args.output == "-":
        sys.stdout.buffer.flush()
    _print_diagnostics(result.diagnostics, args.quiet, sys.stderr)
    if not args.quiet:
        lost = [
            f"{n} {what}"
            for n, what in (
                (result.entries_merged, "merged"),
                (result.entries_dropped, "dropped"),
                (result.entries_not_cited, "not cited"),
            )
            if n
        ]
        detail = f" ({', '.join(lost)})" if lost else ""
        unchanged = "" if result.written else f"; {args.output} unchanged"
        read, written = result.entries_read, result.entries_written
        print(
            f"{PROG}: {_plural(read, 'entry', 'entries')} read, {written} written{detail}; "
            f"{_counts(result.diagnostics)}{unchanged}",
            file=sys.stderr,
        )
        if result.resolved is not None and (args.resolve or result.resolved.locked):
            print(_resolved(result.resolved, result.lock), file=sys.stderr)
    return 0


def _add(args: argparse.Namespace) -> int:
    from paperbib.api import add

    if args.whole_process:
        claim_process()
    for warning in _check_writer_flags(args.to_format, None, _writer_flags(args)):
        if not args.quiet:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
    try:
        result = add(_inputs(args), args.bib, **_shared(args))
    except ConversionError as exc:
        return _strict_failure(exc, args.quiet)
    _print_diagnostics(result.diagnostics, args.quiet, sys.stderr)
    if not args.quiet:
        other = [
            f"{n} {what}"
            for n, what in (
                (len(result.present), "already there"),
                (result.entries_merged, "merged"),
                (len(result.dropped), "dropped"),
            )
            if n
        ]
        detail = f" ({', '.join(other)})" if other else ""
        unchanged = "" if result.written else f"; {args.bib} unchanged"
        print(
            f"{PROG}: {_plural(result.entries_read, 'entry', 'entries')} read, "
            f"{result.entries_added} added to {args.bib}{detail}; "
            f"{_counts(result.diagnostics)}{unchanged}",
            file=sys.stderr,
        )
        if result.resolved is not None and (args.resolve or result.resolved.locked):
            print(_resolved(result.resolved, result.lock), file=sys.stderr)
    return 0


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def _counts(diagnostics: Sequence[Diagnostic], *, notes: bool = True) -> str:
    """``1 error, 2 warnings, 3 notes``."""
    severities = [Severity.ERROR, Severity.WARNING] + ([Severity.NOTE] if notes else [])
    return ", ".join(
        _plural(sum(d.severity is s for d in diagnostics), s.value) for s in severities
    )


def _name_values(items: Sequence[str], flag: str) -> dict[str, str]:
    """``{"name": "value"}`` from ``NAME=VALUE`` arguments; names may use ``-`` for ``_``."""
    values = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"{flag} takes NAME=VALUE, not {item!r}")
        values[name.strip().replace("-", "_")] = value
    return values


def _formats(args: argparse.Namespace) -> int:
    from paperbib.registry import available_readers, available_writers, plugin_options

    for title, classes in (("readers", available_readers()), ("writers", available_writers())):
        print(f"{title}:")
        rows = [(name, " ".join(cls.suffixes), cls) for name, cls in classes.items()]
        name_width = max(len(r[0]) for r in rows)
        suffix_width = max(len(r[1]) for r in rows)
        for name, suffixes, cls in rows:
            print(f"  {name:<{name_width}}  {suffixes:<{suffix_width}}  {cls.description}")
            if options := plugin_options(cls):
                print(f"  {'':<{name_width}}  options: {', '.join(options)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit status.

    Without *argv* (the ``paperbib`` process itself) a command's process ends when
    the command does, with its exit status, without freeing what it made.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: a command is required (convert, add, formats)", file=sys.stderr)
        return 2
    # Only a process of its own may hide its objects from the collector and end without
    # freeing them (paperbib._startup); a caller's process goes on after main returns.
    args.whole_process = argv is None
    status = _run(args)
    if args.whole_process:
        exit_process(status)
    return status


def _run(args: argparse.Namespace) -> int:
    """The command's exit status; errors are reported here, as one line each."""
    try:
        return int(args.handler(args))
    except UnknownFormatError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2 if exc.usage else 1
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except PaperbibError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our stdout went away (| head); say nothing more.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{PROG}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        else:
            print(
                f"{PROG}: internal error: {type(exc).__name__}: {exc} "
                "(rerun with --debug for the traceback, and please report it)",
                file=sys.stderr,
            )
        return 1
