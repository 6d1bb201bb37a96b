"""Shared fixtures: the data directory and a model-to-YAML serializer for data_regression."""

from __future__ import annotations

import datetime
import enum
import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import hypothesis
import pytest

from paperbib import Bibliography, Entry, Extra

from .standin import StandIn, running

# Tests never reach the network: a connection to any non-loopback address fails,
# and the online sources point at an unused local port unless a test starts the
# stand-in (tests/standin.py).
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _local(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return True  # a Unix socket path given as bytes
    if host == "localhost" or host.startswith("/"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address):
        raise ConnectionRefusedError(f"tests must not reach the network (tried {address!r})")
    _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address):
        raise ConnectionRefusedError(f"tests must not reach the network (tried {address!r})")
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"
os.environ["PAPERBIB_ARXIV_ENDPOINT"] = "http://127.0.0.1:9"
os.environ.pop("PAPERBIB_MAILTO", None)

# Under CI the property tests draw the same examples every run, so that a build
# fails or passes for the code, not for the luck of the draw; locally they explore.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
SEED = DATA / "hf-papers-2025-12-09.txt"
SEED_AS_OF = datetime.date(2025, 12, 9)
"""The day the seed page was captured (its yearless entries are 2025 papers)."""
SEED_RECORDS = DATA / "resolve" / "hf-papers-2025-12-09.records.json"
"""The real records of the seed's 39 papers (see tests/data/SOURCES.md)."""


def resolved_seed() -> Bibliography:
    """The seed's papers as resolving them online gives them: a fixture assembled from real records.

    Each record of :data:`SEED_RECORDS` becomes a preprint with its arXiv id,
    title, ordered author names, first-version date (the page's date where the
    record has none), DOI where the paper has one and its venue as the
    journal reference, so that entries with authors, eprint, DOI and URL go
    through every style. Nothing is filled in that the records do not hold.
    """
    import json

    from paperbib import EntryKind, PartialDate
    from paperbib.keys import assign_keys
    from paperbib.names import parse_name

    entries = []
    for record in json.loads(SEED_RECORDS.read_text(encoding="utf-8")):
        day = datetime.date.fromisoformat(record["published"] or record["digest_date"])
        entries.append(
            Entry(
                kind=EntryKind.PREPRINT,
                title=record["title"],
                authors=[p for name in record["authors"] if (p := parse_name(name))],
                date=PartialDate.from_date(day),
                arxiv_id=record["arxiv"],
                doi=record["doi"],
                journal_ref=record["venue"],
                source="arxiv",
            )
        )
    return Bibliography(assign_keys(entries))


def entry_data(entry: Entry) -> dict[str, Any]:
    """The entry's fields that differ from their defaults, as plain data (origin included)."""
    defaults = Entry()
    data: dict[str, Any] = {}
    for field in attrs.fields(Entry):
        value = getattr(entry, field.name)
        if field.name != "origin" and value == getattr(defaults, field.name):
            continue
        data[field.name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Extra):
        return dict(value)
    if attrs.has(type(value)):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return {
            k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items() if v is not None
        }
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def bibliography_data(bib: Bibliography) -> dict[str, Any]:
    """What data_regression pins for a read: every entry and every diagnostic."""
    return {
        "entries": [entry_data(entry) for entry in bib],
        "diagnostics": [str(d) for d in bib.diagnostics],
    }


def require_tool(name: str) -> str:
    """The path of *name*; skips without it, except under CI where a missing tool fails."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI but is not installed")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside a fresh temporary directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def loads_checked(data: str | bytes, *args: Any, **kwargs: Any) -> Bibliography:
    """``paperbib.loads`` that asserts one warning of the right category per diagnostic, in order."""
    import warnings

    from paperbib import loads
    from paperbib.errors import warning_category

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bib = loads(data, *args, **kwargs)
    assert [w.category for w in caught] == [warning_category(d) for d in bib.diagnostics]
    assert [w.message.diagnostic for w in caught] == list(bib.diagnostics)  # type: ignore[union-attr]
    return bib


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """The local Hugging Face and arXiv stand-in, with the endpoints pointing at it."""
    with running() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("PAPERBIB_ARXIV_ENDPOINT", server.url)
        yield server


def dumps_noting(bib: Bibliography, fmt: str, **options: Any) -> str:
    """``paperbib.dumps`` with notes allowed (biblatex notes the fields it leaves out)."""
    import warnings

    from paperbib import NoteWarning, dumps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoteWarning)
        return dumps(bib, fmt, **options)
