"""One small HTTP client for the online sources, on the standard library.

The standard library is enough for a few hundred GET requests and adds no
dependency (httpx has had no release since 2024; requests would be one more
package for what ``urllib`` does). What the client adds:

- a User-Agent naming paperbib and its version, with ``mailto:`` from
  ``PAPERBIB_MAILTO`` when set;
- a timeout on every request;
- retries with exponential backoff on 429, 500, 502, 503 and 504, on
  timeouts and on answers cut short or garbled, honouring ``Retry-After``
  (seconds or an HTTP date, capped at :data:`MAX_WAIT`);
- a minimum interval between two requests to one host (arXiv asks for 3 s),
  one request at a time to such a host;
- a count of the requests made.

Every failure is a :class:`~paperbib.resolve.record.ResolveError` with a
message for a human; nothing else escapes.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping

from paperbib.resolve.record import ResolveError

__all__ = ["MAX_WAIT", "RETRY_STATUSES", "TIMEOUT", "Client", "is_loopback", "user_agent"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers worth asking again after a pause."""
MAX_WAIT = 60.0
"""The longest pause a ``Retry-After`` may impose, in seconds."""
TIMEOUT = 20.0
"""Seconds to wait for an answer, unless a client is told otherwise."""


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def user_agent() -> str:
    """``paperbib/VERSION (+URL; mailto:ADDRESS)``, the address from ``PAPERBIB_MAILTO``."""
    from paperbib import __version__

    contact = "+https://github.com/paperbib/paperbib"
    if mailto := os.environ.get("PAPERBIB_MAILTO", "").strip():
        contact += f"; mailto:{mailto}"
    return f"paperbib/{__version__} ({contact})"


def is_loopback(host: str) -> bool:
    """Whether *host* is this machine (where only a local stand-in answers)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class Client:
    """GET requests with manners. Thread-safe; one instance per run."""

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int = 3,
        backoff: float = 1.0,
        intervals: Mapping[str, float] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = TIMEOUT if timeout is None else timeout
        """Seconds to wait for an answer."""
        self.retries = retries
        """How many times a failed request is tried again."""
        self.backoff = backoff
        """First pause between tries, doubled each time, in seconds."""
        self.intervals = dict(intervals or {})
        """Minimum seconds between two requests to a host, by host name."""
        self.requests = 0
        """Requests sent so far (each try counts)."""
        self.user_agent = user_agent()
        self._sleep = sleep or _pause
        self._clock = clock
        self.pauses: list[float] = []
        """Every pause taken (backoff, ``Retry-After``, intervals), in seconds."""
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def get(self, url: str, params: Mapping[str, str] | None = None) -> bytes:
        """The body of a successful (2xx) answer to ``GET url?params``."""
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        host = urllib.parse.urlsplit(url).hostname or ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                return self._once(url, host)
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES or attempt == self.retries:
                    raise ResolveError(f"{_short(url)}: HTTP {exc.code} {exc.reason}") from None
                after = _retry_after(exc.headers.get("Retry-After"), time.time())
                if after is not None:
                    if after > MAX_WAIT:
                        raise ResolveError(
                            f"{_short(url)}: HTTP {exc.code}, asked to wait {after:.0f} s"
                        ) from None
                    wait = after
            except TimeoutError as exc:
                if attempt == self.retries:
                    raise ResolveError(f"{_short(url)}: no answer ({exc or 'timed out'})") from None
            except http.client.HTTPException as exc:
                # Not an OSError: a body shorter than its Content-Length, a garbled status line.
                if attempt == self.retries:
                    raise ResolveError(f"{_short(url)}: broken answer ({exc!r})") from None
            except urllib.error.URLError as exc:
                if (
                    isinstance(exc.reason, (TimeoutError, socket.timeout))
                    and attempt < self.retries
                ):
                    self._wait(wait)
                    continue
                raise ResolveError(f"{_short(url)}: {exc.reason}") from None
            except OSError as exc:
                raise ResolveError(f"{_short(url)}: {exc}") from None
            self._wait(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, seconds: float) -> None:
        with self._lock:
            self.pauses.append(seconds)
        self._sleep(seconds)

    def _once(self, url: str, host: str) -> bytes:
        with self._lock:
            self.requests += 1
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        interval = self.intervals.get(host, 0.0)
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": "*/*"}
        )
        if not interval:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.read()  # type: ignore[no-any-return]
        # One request at a time to a host that asks for pauses, counted from the last one's end.
        with host_lock:
            pause = self._last.get(host, -interval) + interval - self._clock()
            if pause > 0:
                self._wait(pause)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    return answer.read()  # type: ignore[no-any-return]
            finally:
                self._last[host] = self._clock()


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
