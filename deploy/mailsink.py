"""The fleet's mail server: accepts every message on loopback and keeps it as a file, so the
mail a rehearsal sends can be read and counted (`.fleet/mail/*.eml`). Not for production.

    python deploy/mailsink.py --port 18025 --dir .fleet/mail
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class _Keeper:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers = itertools.count(1)

    async def handle_DATA(self, _server, _session, envelope):
        # Written under a temporary name, then renamed: a reader never sees half a message.
        name = f"{time.time_ns()}-{os.getpid()}-{next(self.numbers)}"
        partial = self.folder / f".{name}.tmp"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / f"{name}.eml")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    options = parser.parse_args()
    options.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(_Keeper(options.dir), hostname="127.0.0.1", port=options.port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
