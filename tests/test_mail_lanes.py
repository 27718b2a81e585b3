"""Mail lanes: messages go out over several connections at once, each lane takes new work only
after the caller collected its last result, and a lane that hits a bug keeps going."""

from __future__ import annotations

import threading

import pytest

from portal.mail import MailError
from portal.mail_lanes import MailLanes


class RecordingConnection:
    """A connection that records what it sent; it refuses 'refuse' and breaks on 'bug'. Each
    send waits until the test lets it finish, so the test decides what is on its way."""

    def __init__(self, log: list, gate: threading.Semaphore) -> None:
        self.log = log
        self.gate = gate
        self.closed = False

    def send(self, message) -> None:
        self.gate.acquire()
        if message == "refuse":
            raise MailError("550 no such mailbox")
        if message == "bug":
            raise KeyError("a bug")
        self.log.append((threading.current_thread().name, message))

    def close(self) -> None:
        self.closed = True


def lanes_of(count: int, log: list, gate: threading.Semaphore):
    connections = []

    def connect():
        connections.append(RecordingConnection(log, gate))
        return connections[-1]

    return MailLanes(connect, count), connections


def test_two_lanes_have_two_messages_on_their_way_and_a_third_waits_for_one():
    log, gate = [], threading.Semaphore(0)
    lanes, connections = lanes_of(2, log, gate)
    with lanes:
        assert lanes.wait_for_lane() == []
        lanes.hand("a", ticket=1)
        assert lanes.wait_for_lane() == []
        lanes.hand("b", ticket=2)
        assert lanes.busy == 2
        with pytest.raises(RuntimeError, match="no free lane"):
            lanes.hand("c", ticket=3)  # a lane is free only once its result was collected
        gate.release()  # one of the two may finish
        done = lanes.wait_for_lane()  # blocks until it has
        assert [handed.ticket for handed in done] in ([1], [2])
        assert all(handed.sent for handed in done)
        lanes.hand("c", ticket=3)
        gate.release(2)
        rest = lanes.finish()
        assert sorted(handed.ticket for handed in done + rest) == [1, 2, 3]
        assert lanes.busy == 0
    assert sorted(message for _, message in log) == ["a", "b", "c"]
    assert len({lane for lane, _ in log}) == 2  # both lanes carried mail
    assert all(connection.closed for connection in connections)


def test_a_refused_message_and_a_bug_are_reported_and_the_lane_goes_on(caplog):
    log, gate = [], threading.Semaphore(100)
    lanes, _ = lanes_of(1, log, gate)
    results = []
    with lanes:
        for ticket, message in enumerate(["refuse", "bug", "fine"]):
            results += lanes.wait_for_lane()
            lanes.hand(message, ticket=ticket)
        results += lanes.finish()
    outcomes = {handed.ticket: handed for handed in results}
    assert "550 no such mailbox" in str(outcomes[0].error)
    assert "a bug" in str(outcomes[1].error)
    assert outcomes[2].sent
    assert log == [("mail-lane-0", "fine")]
    assert "Mail lane failed on a message" in caplog.text


def test_a_connection_that_cannot_be_opened_closes_the_ones_opened_before():
    opened = []

    def connect():
        if len(opened) == 2:
            raise MailError("421 too many connections")
        opened.append(RecordingConnection([], threading.Semaphore(0)))
        return opened[-1]

    with pytest.raises(MailError, match="too many connections"):
        MailLanes(connect, 3)
    assert len(opened) == 2 and all(connection.closed for connection in opened)


class ListRecorder:
    """A recorder (the alerts' marks the delivery sent in the database): notes which thread
    recorded which ticket, and can be held, to see that the lane reports only after it."""

    def __init__(self, notes: list, hold: threading.Event) -> None:
        self.notes = notes
        self.hold = hold
        self.closed = False

    def sent(self, ticket) -> None:
        self.hold.wait(5)
        if ticket == "unrecordable":
            raise OSError("the database went away")
        self.notes.append((threading.current_thread().name, ticket))

    def close(self) -> None:
        self.closed = True


def test_a_lane_records_what_it_sent_before_it_reports_it():
    log, gate, notes, hold = [], threading.Semaphore(10), [], threading.Event()
    recorders = []

    def recorder():
        recorders.append(ListRecorder(notes, hold))
        return recorders[-1]

    with MailLanes(lambda: RecordingConnection(log, gate), 2, recorder) as lanes:
        lanes.hand("a", ticket="first")
        # Sent, but held in its recorder: not reported yet.
        assert lanes.finish(timeout=0.3) == []
        hold.set()
        (done,) = lanes.finish()
        assert done.ticket == "first" and done.sent and done.recorded
        assert notes == [(log[0][0], "first")]  # by the lane that sent it, in its thread

        # A recorder that fails leaves the recording to the caller; a refused message is not
        # recorded at all.
        lanes.hand("b", ticket="unrecordable")
        lanes.wait_for_lane()
        lanes.hand("refuse", ticket="refused")
        results = {handed.ticket: handed for handed in lanes.finish()}
        assert results["unrecordable"].sent and not results["unrecordable"].recorded
        assert not results["refused"].sent and not results["refused"].recorded
    assert len(recorders) == 2 and all(recorder.closed for recorder in recorders)
