"""A polite HTTP client: a request rate, bounded retries, honoured 429 waits.

httpx gives timeouts, connection pooling and clear transport errors; tenacity
gives retry policies (exponential backoff with jitter, stop after N attempts)
that we would otherwise hand-write and get subtly wrong.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
from dataclasses import dataclass

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from generator import __version__

BASE_URL_ENV = "PAPER_SITE_HF_BASE_URL"
DEFAULT_BASE_URL = "https://huggingface.co"
USER_AGENT = f"paper-site-generator/{__version__} (a static archive of Daily Papers)"
_RESET = re.compile(r"(?:^|[,;\s])(?:reset|t)=(\d{1,6})")


def base_url(option: str | None) -> str:
    """--base-url, else $PAPER_SITE_HF_BASE_URL, else huggingface.co."""
    return (option or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class Politeness:
    rate: float = 1.0  # requests per second at most
    attempts: int = 4  # per request, the first included
    backoff: float = 1.0  # first retry wait in seconds; doubles, with jitter
    max_backoff: float = 30.0
    max_wait_429: float = 120.0  # cap on Retry-After / RateLimit waits
    timeout: float = 30.0
    deadline: float = 600.0  # per request, all attempts included


class RetryableStatus(Exception):
    """A 429 or 5xx answer, retried; `wait` is what the server asked for."""

    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.wait = wait


class FetchError(Exception):
    """A request that failed for good; the message is one line."""


def server_wait(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or HTTP date) or RateLimit."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - (now if now is not None else time.time()))
    for name in ("ratelimit", "ratelimit-reset", "x-ratelimit-reset"):
        header = response.headers.get(name, "")
        if header.strip().isdigit():
            return float(header.strip())
        if m := _RESET.search(header):
            return float(m.group(1))
    return None


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, (RetryableStatus, httpx.TransportError))


class PoliteClient:
    """GET JSON-ish bodies at most `rate` per second, retrying what is worth retrying."""

    def __init__(self, politeness: Politeness = Politeness()) -> None:
        self.politeness = politeness
        self.requests = 0
        self.retries = 0
        self._last = 0.0
        self._lock = threading.Lock()
        self._client = httpx.Client(
            timeout=politeness.timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def _pace(self) -> None:
        interval = 1.0 / self.politeness.rate if self.politeness.rate > 0 else 0.0
        with self._lock:
            delay = self._last + interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus) and exc.wait is not None:
            return min(exc.wait, self.politeness.max_wait_429)
        p = self.politeness
        return wait_exponential_jitter(multiplier=p.backoff, max=p.max_backoff, jitter=p.backoff)(
            state
        )

    def _once(self, url: str, params: dict) -> httpx.Response:
        self._pace()
        self.requests += 1
        response = self._client.get(url, params=params)
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryableStatus(response.status_code, server_wait(response))
        return response

    def get(self, url: str, params: dict | None = None) -> httpx.Response:
        p = self.politeness
        retrying = Retrying(
            stop=stop_after_attempt(p.attempts) | stop_after_delay(p.deadline),
            wait=self._wait,
            retry=retry_if_exception(_retryable),
            before_sleep=lambda _state: self._count_retry(),
            reraise=True,
        )
        try:
            return retrying(self._once, url, params or {})
        except RetryableStatus as exc:
            raise FetchError(f"HTTP {exc.status} after {p.attempts} attempts") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"timed out after {p.attempts} attempts ({type(exc).__name__})"
            ) from exc
        except httpx.TransportError as exc:
            raise FetchError(f"connection failed after {p.attempts} attempts: {exc}") from exc

    def _count_retry(self) -> None:
        self.retries += 1
