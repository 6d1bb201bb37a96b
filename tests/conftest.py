"""Shared fixtures: the data directory and a model-to-YAML serializer for data_regression."""

from __future__ import annotations

import datetime
import enum
import os
import shutil
from pathlib import Path
from typing import Any

import attrs
import hypothesis
import pytest

from paperbib import Bibliography, Entry, Extra

# Under CI the property tests draw the same examples every run, so that a build
# fails or passes for the code, not for the luck of the draw; locally they explore.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
SEED = DATA / "hf-papers-2025-12-09.txt"
SEED_AS_OF = datetime.date(2025, 12, 9)
"""The day the seed page was captured (its yearless entries are 2025 papers)."""


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
