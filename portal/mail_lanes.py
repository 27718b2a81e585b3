"""Several mail connections sending at once, each on a thread of its own, for a batch sender.

A sender that hands one message to the server and waits for its answer leaves the CPU idle while
the server reads, and leaves the server idle while the next message is rendered. With lanes, the
caller renders and records in its own thread while up to `count` messages are on their way:

    with MailLanes(connect, count=2) as lanes:
        for message in messages:
            for done in lanes.wait_for_lane():   # what finished meanwhile, to be recorded
                record(done)
            lanes.hand(message, ticket=...)
        for done in lanes.finish():
            record(done)

A lane takes a new message only after the caller has collected the result of its last one, so a
caller that records what it collected before handing the next message on has, at any moment, at
most one message per lane sent but not yet recorded: the promise a sender that crashes can keep.
That message stays unrecorded while the caller renders the next one, though, and a process
killed then sends it again on its next run. So a caller may also pass `recorder`: a factory
called once in each lane's thread, whose `sent(ticket)` the lane calls the moment the server has
accepted a message, before it reports back (the alerts mark the digest sent on a database
connection of the lane's own). Only the lanes touch their connections and recorders; the
caller's thread owns everything else (the database session above all), so nothing else has to
be thread-safe.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from portal.mail import Connection, MailError, Outgoing

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handed:
    """A message a lane dealt with: the caller's ticket, and the error if it was not sent."""

    ticket: Any
    error: MailError | None = None
    recorded: bool = False  # the lane's recorder wrote it down as sent

    @property
    def sent(self) -> bool:
        return self.error is None


class SentRecorder(Protocol):
    """Writes down that a message left, in the thread of the lane that sent it."""

    def sent(self, ticket: Any) -> None: ...

    def close(self) -> None: ...


class _Lane:
    def __init__(
        self,
        number: int,
        connection: Connection,
        results: queue.SimpleQueue,
        recorder: Callable[[], SentRecorder] | None,
    ) -> None:
        self.connection = connection
        self.inbox: queue.SimpleQueue[tuple[Outgoing, Any] | None] = queue.SimpleQueue()
        self.results = results
        self.make_recorder = recorder
        self.thread = threading.Thread(target=self._run, name=f"mail-lane-{number}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        recorder = self._open_recorder()
        try:
            while (work := self.inbox.get()) is not None:
                message, ticket = work
                try:
                    self.connection.send(message)
                except MailError as error:
                    self.results.put((self, Handed(ticket, error)))
                except Exception as error:
                    # A bug, not the server: logged, and the message counts as not sent (it is
                    # tried again next run). The lane goes on, so the caller never waits for a
                    # lane that is gone.
                    logger.exception("Mail lane failed on a message")
                    self.results.put((self, Handed(ticket, MailError(repr(error)))))
                else:
                    recorded = recorder is not None and self._record(recorder, ticket)
                    self.results.put((self, Handed(ticket, recorded=recorded)))
        finally:
            self.connection.close()
            if recorder is not None:
                recorder.close()

    def _open_recorder(self) -> SentRecorder | None:
        if self.make_recorder is None:
            return None
        try:
            return self.make_recorder()
        except Exception:
            # The caller records what this lane sends, as without a recorder.
            logger.exception("Mail lane could not open its recorder")
            return None

    @staticmethod
    def _record(recorder: SentRecorder, ticket: Any) -> bool:
        try:
            recorder.sent(ticket)
        except Exception:
            logger.exception("Mail lane could not record a sent message; the caller will")
            return False
        return True


# While lanes run: a lane whose server has answered needs the GIL back to send its next command,
# and by default a thread waits up to 5 ms for a busy one to give it up; each message takes
# four answers. (Measured on the alerts benchmark: about 8% more digests a second.)
LANE_SWITCH_INTERVAL = 0.0005


class MailLanes:
    def __init__(
        self,
        connect: Callable[[], Connection],
        count: int = 2,
        recorder: Callable[[], SentRecorder] | None = None,
    ) -> None:
        self._results: queue.SimpleQueue[tuple[_Lane, Handed]] = queue.SimpleQueue()
        self._lanes: list[_Lane] = []
        try:
            for number in range(max(1, count)):
                self._lanes.append(_Lane(number, connect(), self._results, recorder))
        except BaseException:
            # A server that refuses the third connection must not strand the first two.
            self._stop_lanes()
            raise
        self._free = list(self._lanes)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, LANE_SWITCH_INTERVAL))

    @property
    def busy(self) -> int:
        return len(self._lanes) - len(self._free)

    def wait_for_lane(self) -> list[Handed]:
        """What finished since the last call; blocks until a lane is free to take a message."""
        return self._collect(block=not self._free)

    def hand(self, message: Outgoing, ticket: Any) -> None:
        """Give a free lane `message` (call `wait_for_lane` first)."""
        if not self._free:
            raise RuntimeError("no free lane: call wait_for_lane() first")
        self._free.pop().inbox.put((message, ticket))

    def finish(self, timeout: float | None = None) -> list[Handed]:
        """Wait for every message on its way (up to `timeout` seconds for each) and return what
        finished since the last call. The lanes stay open for more."""
        done = self._collect(block=False)
        while self.busy:
            try:
                done.append(self._freed(self._results.get(timeout=timeout)))
            except queue.Empty:
                break
        return done

    def close(self) -> None:
        self._stop_lanes()
        sys.setswitchinterval(self._switch_interval)

    def _stop_lanes(self) -> None:
        for lane in self._lanes:
            lane.inbox.put(None)
        for lane in self._lanes:
            lane.thread.join()

    def __enter__(self) -> MailLanes:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _collect(self, block: bool) -> list[Handed]:
        done = [self._freed(self._results.get())] if block else []
        while True:
            try:
                done.append(self._freed(self._results.get_nowait()))
            except queue.Empty:
                return done

    def _freed(self, result: tuple[_Lane, Handed]) -> Handed:
        """A lane's result: the lane is free again, the caller gets what it dealt with."""
        lane, handed = result
        self._free.append(lane)
        return handed
