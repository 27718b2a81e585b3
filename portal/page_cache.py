"""A small in-process cache of rendered HTML.

Callers store the content's revision with what they rendered and ask the database for the current
revision on every request, so an edit is never served stale. Each process keeps its own entries;
the least recently used are dropped past `PAGE_CACHE_SIZE`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask import current_app


class RenderedCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: Any) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def page_cache() -> RenderedCache:
    extensions = current_app.extensions
    if "portal.page_cache" not in extensions:
        extensions["portal.page_cache"] = RenderedCache(current_app.config["PAGE_CACHE_SIZE"])
    return extensions["portal.page_cache"]
