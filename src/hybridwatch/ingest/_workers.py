"""Normalisation in worker processes, so that reading and storing overlap with it.

Normalising a record (language identification, folding, dates, links) costs about as much as
reading and storing it, and it needs no shared state: batches go to worker processes while the
main process keeps reading the next records and writing finished batches to the store, the only
writer. Workers start from a fresh interpreter (``spawn``), never from a fork of a process that
holds an open database and a progress-bar thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from hybridwatch.analyse.language import LanguageIdentifier
from hybridwatch.ingest.normalise import Normaliser
from hybridwatch.model.document import Document, Record, Rejected

__all__ = ["NormalisePool", "Normalised", "default_workers", "identifier_spec"]

log = logging.getLogger(__name__)

Normalised = list[tuple[Document | Rejected, str]]
Batch = list[tuple[Record, str]]

_worker_normaliser: Normaliser | None = None


def default_workers() -> int:
    """Worker processes when the caller does not say: one per core beside the main process's.

    The main process normalises too whenever the workers are busy. Measured on 2 cores
    (benchmarks/README.md): one worker ingests 200,000 posts ~35 % faster than none, because the
    store slows as it grows and the main process then has less time to spare; at 50,000 posts
    the two are level.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(cores - 1, 0)


def identifier_spec(identifier: LanguageIdentifier) -> LanguageIdentifier | None:
    """The run's identifier when it can travel to a worker (it pickles), else None.

    The bundled fastText identifier pickles as "load the model again" (see its ``__reduce__``);
    an identifier that does not pickle keeps the run in one process.
    """
    try:
        pickle.dumps(identifier)
    except Exception:  # noqa: BLE001 - any pickling failure means: keep it in this process
        return None
    return identifier


def _start_worker(identifier: LanguageIdentifier, collected_at: datetime) -> None:
    global _worker_normaliser
    _worker_normaliser = Normaliser(identifier, collected_at)


def _normalise_batch(batch: Batch) -> Normalised:
    assert _worker_normaliser is not None, "worker not initialised"
    return [(_worker_normaliser(record, name), name) for record, name in batch]


class NormalisePool:
    """Batches in, normalised batches out; at most ``2 x workers`` in flight.

    A batch whose worker dies is normalised in-process instead: a crash costs speed, never data.
    """

    def __init__(
        self,
        workers: int,
        identifier: LanguageIdentifier,
        normalise: Normaliser,
        deliver: Callable[[Normalised], None],
    ) -> None:
        self._normalise, self._deliver = normalise, deliver
        self._limit = 2 * workers
        self._inflight: deque[tuple[Future[Normalised], Batch]] = deque()
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(identifier, normalise.collected_at),
        )

    def submit(self, batch: Batch) -> None:
        """Hand *batch* to a worker, or normalise it here when every worker is busy.

        The main process would otherwise wait: taking the batch itself keeps every core busy
        without starting more processes than cores. Batches may thus be delivered out of order.
        """
        if self._executor is None:
            self._deliver(self._here(batch))
            return
        self._deliver_finished()
        if len(self._inflight) >= self._limit:
            self._deliver(self._here(batch))
            self._deliver_finished()
            return
        try:
            self._inflight.append((self._executor.submit(_normalise_batch, batch), batch))
        except (BrokenProcessPool, RuntimeError) as exc:
            self._broken(exc)
            self._deliver(self._here(batch))

    def _deliver_finished(self) -> None:
        while self._inflight and self._inflight[0][0].done():
            self._complete_oldest()

    def drain(self) -> None:
        """Deliver everything still in flight."""
        while self._inflight:
            self._complete_oldest()

    def close(self) -> None:
        """Deliver what is in flight, then stop the workers."""
        try:
            self.drain()
        finally:
            self._stop(wait=True)

    def abandon(self) -> None:
        """Stop the workers and drop what they hold."""
        self._inflight.clear()
        self._stop(wait=False)

    def _stop(self, *, wait: bool) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None

    def _complete_oldest(self) -> None:
        future, batch = self._inflight.popleft()
        try:
            result = future.result()
        except (BrokenProcessPool, CancelledError) as exc:
            self._broken(exc)
            result = self._here(batch)
        except Exception as exc:  # noqa: BLE001
            # the batch never reached a worker (a record nested too deep to pickle): normalise it
            # here, where each record has its own guard
            log.warning("a batch could not go to a worker (%s); normalised here", type(exc).__name__)
            result = self._here(batch)
        self._deliver(result)

    def _here(self, batch: Batch) -> Normalised:
        return [(self._normalise(record, name), name) for record, name in batch]

    def _broken(self, exc: BaseException) -> None:
        log.warning("normalisation workers failed (%s); continuing in this process", exc)
        self._stop(wait=False)
