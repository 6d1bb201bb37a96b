"""Bytes in, bytes out: decoding inputs and writing outputs atomically."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat

from paperbib._startup import LazyPattern
from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, form feed, carriage return and escape.
_BINARY_CONTROL = LazyPattern(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding *data*'s byte order mark names, or ``None``."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def normalize_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    if sample.isprintable():
        return False
    return len(_BINARY_CONTROL.findall(sample)) > max(8, len(sample) // 100)


_CHARSET = LazyPattern(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)


def _declared_charset(data: bytes) -> str | None:
    """*data* decoded with the charset an HTML page declares in its head, if that works."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return data.decode(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def decode(data: bytes, report: Diagnostics) -> str:
    """Decode an input file's bytes to text with LF line ends.

    UTF-8, UTF-16 and UTF-32 with a byte order mark, and UTF-8 without one, are
    read as such; then the charset an HTML page declares (``<meta charset>``).
    Other bytes are read as Windows-1252 (what a Windows
    "Save as text" produces), with a diagnostic. Binary data is a
    :class:`~paperbib.errors.ParseError`.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"starts with a {encoding} byte order mark but is not valid {encoding} "
                    f"(byte offset {exc.start})",
                    source=report.source,
                ) from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if b"\x00" in data:
                raise ParseError("binary data, not text", source=report.source) from None
            declared = _declared_charset(data)
            if declared is not None:
                return normalize_newlines(declared)
            line = data.count(b"\n", 0, exc.start) + 1
            try:
                text = data.decode("cp1252")
                encoding = "Windows-1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "Latin-1"
            report.warning(
                "not-utf8",
                f"input is not UTF-8 (first bad byte on this line); decoded as {encoding}",
                line=line,
            )
    if _looks_binary(text):
        raise ParseError("binary data, not text", source=report.source)
    return normalize_newlines(text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write *data* to *path* unless the file already holds exactly these bytes.

    The bytes go to a temporary file in the same directory, which then replaces
    *path* in one rename, so a reader (or a failed run) never sees a partial
    file. An existing file keeps its permissions; a symlink is written through.
    A destination that is not a regular file (``/dev/null``, a named pipe, a
    terminal) is written to as it is, never replaced. Returns whether the file
    was written. A path that names a directory (``out/``), or lies in one that
    does not exist, raises :class:`OSError` naming *path*.
    """
    given = os.fspath(path)
    if given.endswith(("/", os.sep)) or os.path.isdir(given):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", given)
    target = os.path.realpath(given)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(target, "wb") as handle:
            handle.write(data)
        return True
    try:
        with open(target, "rb") as old:
            if os.fstat(old.fileno()).st_size == len(data) and old.read() == data:
                return False
            mode = os.fstat(old.fileno()).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    directory, name = os.path.split(target)
    # A fresh name in the same directory, so that the rename replaces the file in one step.
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileNotFoundError:
        # Say what the caller asked for, not the temporary file's name.
        missing = os.path.dirname(given) or "."
        raise FileNotFoundError(
            errno.ENOENT, f"the directory {missing!r} does not exist", given
        ) from None
    except OSError as exc:  # a read-only directory, say: name the file asked for
        raise _named(exc, given) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and exc.errno is not None:
            raise _named(exc, given) from None
        raise
    return True


def _named(error: OSError, path: str) -> OSError:
    """*error* (same class and errno) about *path*, not the temporary file's name."""
    return OSError(error.errno, error.strerror, path) if error.errno is not None else error
