"""An HTTP client for the stripe SDK that hands each request to the fake's WSGI app in-process:
`stripe.StripeClient(key, http_client=FakeStripeHTTPClient(fake))`. No socket, no thread."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import stripe
from requests.structures import CaseInsensitiveDict
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.stripe_fake.server import FakeStripe


class FakeStripeHTTPClient(stripe.HTTPClient):
    """Implements the SDK's `HTTPClient.request` (the base class adds `request_with_retries`
    around it) by calling the WSGI app. The SDK's own RequestsClient is the model: it returns
    (body bytes, status, case-insensitive headers)."""

    name = "fake_stripe"

    def __init__(self, app: FakeStripe, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.app = app
        self.requests: list[tuple[str, str]] = []  # (METHOD, path?query) in order, for assertions

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        post_data: Any = None,
        *,
        _usage: list[str] | None = None,
    ) -> tuple[bytes, int, Mapping[str, str]]:
        parts = urlsplit(url)
        body = post_data.encode() if isinstance(post_data, str) else post_data
        self.requests.append(
            (method.upper(), parts.path + (f"?{parts.query}" if parts.query else ""))
        )
        builder = EnvironBuilder(
            method=method.upper(),
            base_url=f"{parts.scheme}://{parts.netloc}",
            path=parts.path,
            query_string=parts.query,
            headers=dict(headers or {}),
            data=body,
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        app_iter, status, response_headers = run_wsgi_app(self.app, environ, buffered=True)
        try:
            content = b"".join(app_iter)
        finally:
            if hasattr(app_iter, "close"):
                app_iter.close()
        return content, int(status.split()[0]), CaseInsensitiveDict(response_headers.items())

    def request_stream(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        post_data: Any = None,
        *,
        _usage: list[str] | None = None,
    ) -> tuple[Any, int, Mapping[str, str]]:
        content, status, response_headers = self.request(method, url, headers, post_data)
        return io.BytesIO(content), status, response_headers

    def close(self) -> None:
        """Nothing to release: no connection was opened."""


def in_process_client(app: FakeStripe, api_key: str = "sk_test_fake", **options: Any):
    """A StripeClient wired to `app` in-process; keyword options go to StripeClient."""
    return stripe.StripeClient(api_key, http_client=FakeStripeHTTPClient(app), **options)
