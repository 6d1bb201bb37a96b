"""The resolve stage: fill what the input lacks from online sources, and pin it in a lock.

Between merge and key in the pipeline. For each entry:

1. A **resolved block in the lock** is applied as it is, with its citation key
   (no request; ``refresh`` resolves it again).
2. Without sources to ask (no ``--resolve``, or ``--offline``), that is all; a
   hand-pinned block still gives its arXiv id and key.
3. Otherwise the sources are asked in :data:`ORDER` (``hf``, then ``arxiv``):
   entries whose arXiv id is known (from the input or pinned in the lock) are
   fetched by id; the others are searched by title, source by source, until
   one candidate passes every check (:mod:`paperbib.resolve.match`). Then the
   sources that look papers up by id fill in what they add: arXiv's
   categories, version, DOI and journal reference.
4. What was found becomes the entry's lock block and fills the entry's gaps:
   input values win, and a value a source gives differently is reported as a
   ``resolve-conflict`` note.

Any failure (network, a malformed answer, an ambiguous title) leaves the entry
unresolved with a diagnostic; nothing raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
from attrs import field, frozen

from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry
from paperbib.names import parse_name
from paperbib.resolve.http import Client
from paperbib.resolve.lock import Block, Lock, LockError
from paperbib.resolve.match import Verdict, judge, normal_title, pick
from paperbib.resolve.record import Record, ResolveError

__all__ = [
    "HF_WORKERS",
    "ORDER",
    "Lock",
    "LockError",
    "Progress",
    "Record",
    "Resolution",
    "Summary",
    "apply_block",
    "resolve_entries",
]

ORDER = ("hf", "arxiv")
"""The order the built-in sources are asked in: Hugging Face knows the version a
papers page shows; arXiv adds categories, versions, DOIs and journal references."""
HF_WORKERS = 4
"""How many title searches run at once against one source that allows it (not arXiv)."""

Progress = Callable[[int, int, int], None]
"""``progress(papers done, papers in all, requests so far)``."""


def _names(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Resolution:
    """How the resolve stage runs for one conversion."""

    sources: tuple[str, ...] = field(default=(), converter=_names)
    """The sources to ask, in order; empty: apply the lock only, never touch the network."""
    lock: Lock | None = None
    """The lock read before the run, if any."""
    refresh: bool = False
    """Resolve locked papers again."""
    offline: bool = False
    """Never touch the network, even with sources."""
    today: datetime.date = field(factory=datetime.date.today)
    """The retrieval date written into new blocks."""


@frozen(kw_only=True)
class Summary:
    """What the resolve stage did."""

    papers: int
    """Entries the stage saw."""
    by_source: tuple[tuple[str, int], ...]
    """Papers found by each source asked, in order."""
    locked: int
    """Papers taken from the lock without a request."""
    unresolved: tuple[tuple[str, str], ...]
    """``(title, reason)`` of each paper left unresolved."""
    requests: int
    """HTTP requests made."""

    @property
    def resolved(self) -> int:
        """Papers resolved now or before (from the lock)."""
        return self.papers - len(self.unresolved)


class _Work:
    """One entry's way through the stage."""

    __slots__ = ("block", "checks", "entry", "id", "reasons", "records")

    def __init__(self, entry: Entry, block: Block | None) -> None:
        self.entry = entry
        self.block = block
        self.id: str | None = entry.arxiv_id or (block.arxiv if block else None) or None
        self.records: dict[str, Record] = {}
        self.checks: list[str] = []
        self.reasons: list[str] = []


def _year(entry: Entry) -> int | None:
    return entry.date.year if entry.date else None


def resolve_entries(
    entries: Sequence[Entry],
    resolution: Resolution,
    report: Diagnostics,
    resolvers: dict[str, Any],
    *,
    client: Client | None = None,
    progress: Progress | None = None,
) -> tuple[list[Entry], list[Block | None], Summary]:
    """The entries filled in, the lock block of each (key still to set), and a summary.

    *resolvers* maps the names in ``resolution.sources`` to resolver instances.
    """
    lock = resolution.lock
    online = bool(resolution.sources) and not resolution.offline
    client = client or Client(intervals=_intervals(resolvers))
    works = [_Work(entry, lock.find(entry) if lock else None) for entry in entries]
    todo = [w for w in works if not (w.block and w.block.resolved and not resolution.refresh)]
    asked = {id(w) for w in todo}
    if resolution.sources and resolution.offline:
        for work in todo:
            work.reasons.append("offline (--offline)")
    if online and todo:
        _ask(todo, resolution.sources, resolvers, client, report, progress, len(works))
    out: list[Entry] = []
    blocks: list[Block | None] = []
    by_source = dict.fromkeys(resolution.sources if online else (), 0)
    locked = 0
    unresolved: list[tuple[str, str]] = []
    for work in works:
        if work.block is not None and work.block.resolved and id(work) not in asked:
            block: Block | None = work.block
            locked += 1
        elif work.records:
            block = _found(work, resolution.today)
            for name in work.records:
                by_source[name] = by_source.get(name, 0) + 1
            if work.reasons:
                with report.about(work.entry.origin):
                    report.warning(
                        "resolve-incomplete",
                        f"resolved from {' and '.join(work.records)} only: "
                        + "; ".join(work.reasons),
                        **_where(work.entry),
                    )
        elif online or (resolution.sources and resolution.offline):
            reason = "; ".join(work.reasons) or "no source found it"
            unresolved.append((work.entry.title, reason))
            with report.about(work.entry.origin):
                report.warning("unresolved", f"not resolved: {reason}", **_where(work.entry))
            block = _unresolved(work, reason)
        else:
            block = work.block
        out.append(apply_block(work.entry, block, report) if block else work.entry)
        blocks.append(block)
    if not online and not resolution.sources:
        unresolved = []
    summary = Summary(
        papers=len(works),
        by_source=tuple(by_source.items()),
        locked=locked,
        unresolved=tuple(unresolved),
        requests=client.requests,
    )
    return out, blocks, summary


def _intervals(resolvers: dict[str, Any]) -> dict[str, float]:
    """arXiv's pause between requests, for its host (not for a local stand-in)."""
    import urllib.parse

    from paperbib.resolve import arxiv
    from paperbib.resolve.http import is_loopback

    host = urllib.parse.urlsplit(arxiv.endpoint()).hostname or ""
    return {} if "arxiv" not in resolvers or is_loopback(host) else {host: arxiv.INTERVAL}


def _where(entry: Entry) -> dict[str, Any]:
    origin = entry.origin
    return {"source": origin.source if origin else None, "line": origin.line if origin else None}


def _ask(
    todo: list[_Work],
    sources: Sequence[str],
    resolvers: dict[str, Any],
    client: Client,
    report: Diagnostics,
    progress: Progress | None,
    total: int,
) -> None:
    done = total - len(todo)

    def tick(count: int = 1) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total, client.requests)

    by_id = [w for w in todo if w.id]
    by_title = [w for w in todo if not w.id]
    for name in sources:
        resolver = resolvers[name]
        waiting = [w for w in by_title if not w.records and not w.id and not _ambiguous(w, sources)]
        if not waiting:
            continue

        def search(work: _Work, resolver: Any = resolver, name: str = name) -> None:
            try:
                candidates = resolver.search(work.entry, client)
            except ResolveError as exc:
                work.reasons.append(f"{name}: {exc}")
                return
            chosen, verdicts = pick(work.entry, candidates)
            if chosen is not None:
                work.records[name] = chosen.record
                work.id = chosen.record.arxiv_id or chosen.record.id
                work.checks = [f"{name}: {'; '.join(chosen.checks)}"]
            else:
                work.reasons.append(_why(name, verdicts))

        workers = 1 if name == "arxiv" else HF_WORKERS
        if workers == 1:
            for work in waiting:
                search(work)
                tick()
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for _ in pool.map(search, waiting):
                    tick()
    ids = [w for w in todo if w.id]
    for name in sources:
        resolver = resolvers[name]
        wanted = [w for w in ids if name not in w.records]
        if not wanted:
            continue
        # In the source's own batches, so that a failure costs only the papers of its batch.
        unique = list(dict.fromkeys(w.id for w in wanted if w.id))
        size = getattr(resolver, "batch", 0) or len(unique)
        found: dict[str, Record] = {}
        failed: dict[str, str] = {}
        for start in range(0, len(unique), size):
            batch = unique[start : start + size]
            try:
                found.update(resolver.fetch(batch, client))
            except ResolveError as exc:
                failed.update(dict.fromkeys(batch, f"{name}: {exc}"))
        for work in wanted:
            if work.id in failed:
                work.reasons.append(failed[work.id])
                continue
            record = found.get(work.id or "")
            if record is None:
                work.reasons.append(f"{name}: has no paper {work.id}")
                continue
            verdict = judge(work.entry, record)
            if work.records or work in by_id:
                work.records[name] = record
                work.checks.append(f"{name} by id: {'; '.join(verdict.checks) or 'id'}")
                _conflicts(work.entry, verdict, report)
            else:
                work.reasons.append(_why(name, [verdict]))
    tick(len(by_id))


def _ambiguous(work: _Work, sources: Sequence[str]) -> bool:
    # Any source asked, a plugin's too: a later source must not pick one of the candidates.
    return any(
        reason.startswith(f"{name}: ambiguous") for reason in work.reasons for name in sources
    )


def _why(name: str, verdicts: list[Verdict]) -> str:
    passing = [v.record.id for v in verdicts if v.passed]
    if len(passing) > 1:
        return f"{name}: ambiguous, {len(passing)} candidates pass: {', '.join(passing)}"
    if not verdicts:
        return f"{name}: no candidate"
    best = verdicts[0]
    return f"{name}: best candidate {best.record.id} rejected ({'; '.join(best.failed)})"


def _conflicts(entry: Entry, verdict: Verdict, report: Diagnostics) -> None:
    """Report what a record found by id says differently (its id is certain; input wins)."""
    record = verdict.record
    differences = list(verdict.failed)
    if normal_title(record.title) != normal_title(entry.title):
        differences = [d for d in differences if not d.startswith("title")]
        differences.insert(0, f"is titled {record.title!r}")
    if differences:
        with report.about(entry.origin):
            report.note(
                "resolve-conflict",
                f"{record.source} {record.id}: {'; '.join(differences)}; kept what the input "
                "and earlier sources give",
                **_where(entry),
            )


def _found(work: _Work, today: datetime.date) -> Block:
    records = list(work.records.values())

    def first(name: str) -> Any:
        return next((v for r in records if (v := getattr(r, name))), None)

    named = next((r for r in records if r.authors), None)
    old = work.block
    return Block(
        key=old.key if old else "",
        title=" ".join(work.entry.title.split()),
        year=_year(work.entry),
        status="resolved",
        source=" ".join(work.records),
        id=work.id or records[0].id,
        retrieved=today.isoformat(),
        checks=" | ".join(work.checks),
        arxiv=first("arxiv_id") or "",
        version=first("version"),
        categories=first("categories") or (),
        doi=first("doi") or "",
        journal_ref=" ".join((first("journal_ref") or "").split()),
        authors=[str(p) for p in named.authors] if named else (),
    )


def _unresolved(work: _Work, reason: str) -> Block:
    old = work.block
    if old is not None and not old.status:
        return old  # a hand pin stays as the user wrote it
    return Block(
        key=old.key if old else "",
        title=" ".join(work.entry.title.split()),
        year=_year(work.entry),
        status=f"unresolved: {' '.join(reason.split())}",
    )


def apply_block(entry: Entry, block: Block, report: Diagnostics) -> Entry:
    """*entry* with its key pinned and its gaps filled from *block*; input values win.

    A value the block has that differs from the input's is reported as a
    ``resolve-conflict`` note.
    """
    changes: dict[str, Any] = {}
    if block.key and not entry.key:
        changes["key"] = block.key
    notes: list[str] = []
    if block.authors:
        people = tuple(p for name in block.authors if (p := parse_name(name)) is not None)
        if not entry.authors:
            changes["authors"] = people
        elif tuple(map(str, entry.authors)) != tuple(map(str, people)):
            notes.append(f"authors differ from the lock's {len(people)} names")
    for name, value in (
        ("arxiv_id", block.arxiv),
        ("doi", block.doi),
        ("journal_ref", block.journal_ref),
    ):
        current = getattr(entry, name)
        if value and not current:
            changes[name] = value
        elif value and current and current.casefold() != value.casefold():
            notes.append(f"{name.replace('_', ' ')} {value!r} found; {current!r} kept")
    if block.categories and not entry.categories:
        changes["categories"] = block.categories
    if block.version is not None and "arxiv.version" not in entry.extra:
        changes["extra"] = entry.extra | {"arxiv.version": block.version}
    for note in notes:
        with report.about(entry.origin):
            report.note("resolve-conflict", note, **_where(entry))
    return attrs.evolve(entry, **changes) if changes else entry
