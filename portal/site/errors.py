"""Error pages in the site layout, for every HTTP error the portal raises."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

MESSAGES = {
    400: ("That request could not be understood", "Please check what you entered and try again."),
    403: ("You cannot open this page", "Your account does not have access to it."),
    404: ("Page not found", "The page may have moved, or the address may be mistyped."),
    405: ("That action is not allowed here", "Please go back and use the page's own buttons."),
    410: ("This address is no longer in use", "What was shared here is not shared any more."),
    413: ("That upload is too large", "Please send a smaller file (resumes: up to 5 MB)."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong on our side", "We have been told about it. Please try again."),
}


def render_error(error: HTTPException):
    code = error.code or 500
    heading, message = MESSAGES.get(code, (error.name, error.description or ""))
    return render_template("errors/error.html", error=error, heading=heading, message=message), code


def unknown_host(error: SecurityError):
    # A Host header outside TRUSTED_HOSTS: the request has no URL adapter, so the site layout
    # (every link in it) cannot be built. A plain answer, which repeats nothing it was sent.
    return (
        "Bad request: this site does not answer to that host name.\n",
        400,
        {"Content-Type": "text/plain; charset=utf-8"},
    )


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(SecurityError, unknown_host)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        return render_error(error)
