"""A small in-process cache of rendered HTML, keyed by content revision.

Callers put the content's revision in the key, so an edit is never served stale: the next request
asks the database for the current revision (one cheap query) and misses. Each process keeps its own
entries; the least recently used are dropped past `PAGE_CACHE_SIZE`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

Value = TypeVar("Value")


class RenderedCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[return-value]
        value = render()
        if self.max_entries > 0:
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def page_cache() -> RenderedCache:
    extensions = current_app.extensions
    if "portal.page_cache" not in extensions:
        extensions["portal.page_cache"] = RenderedCache(current_app.config["PAGE_CACHE_SIZE"])
    return extensions["portal.page_cache"]
