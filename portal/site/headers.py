"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
TRANSPORT_SECURITY = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def register(app: Flask) -> None:
    defaults = SECURITY_HEADERS if app.debug else (*SECURITY_HEADERS, TRANSPORT_SECURITY)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # Each header unless the response chose its own; one pass over the few headers a
        # response has, rather than a search per header (this runs on every response).
        present = {name.lower() for name, _value in response.headers.items()}
        response.headers.extend(
            [(name, value) for name, value in defaults if name.lower() not in present]
        )
        return response
