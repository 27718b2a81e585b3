"""Errors as `application/problem+json` (RFC 9457), each with a `type` URI that stays the same.

Every type is listed in PROBLEM_TYPES and described on the documentation page, at the address
its URI names. Validation errors carry `errors`, one entry per field: where it was (`query`,
`json`, `path`), its name, and what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from portal.urls import absolute_url

MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    title: str
    status: int
    description: str

    @property
    def uri(self) -> str:
        return absolute_url("api_docs.docs") + f"#problem-{self.slug}"


PROBLEM_TYPES = {
    problem.slug: problem
    for problem in (
        ProblemType(
            "invalid-request",
            "The request is not valid",
            422,
            "A parameter or a field of the body is missing, of the wrong type or out of range; "
            "`errors` names each one. Also sent (400) for a body that is not JSON.",
        ),
        ProblemType(
            "token-required",
            "A token is required",
            401,
            "Personal operations need `Authorization: Bearer <token>`; make a token on "
            "/account/tokens.",
        ),
        ProblemType(
            "invalid-token",
            "The token is not valid",
            401,
            "The token is unknown, revoked or expired, or the account's password changed or the "
            "account was deactivated since it was made; `detail` says which.",
        ),
        ProblemType(
            "insufficient-scope",
            "The token may only read",
            403,
            "The operation changes something and the token has the read scope.",
        ),
        ProblemType(
            "plan-required",
            "The plan does not include this",
            403,
            "The account's plan does not include what the operation asks for (daily alerts, "
            "job advice); `detail` says what.",
        ),
        ProblemType("not-found", "Not found", 404, "Nothing of yours, or public, is there."),
        ProblemType(
            "method-not-allowed",
            "Method not allowed",
            405,
            "The address exists, but not with this method; the `Allow` header lists those it has.",
        ),
        ProblemType(
            "conflict",
            "Conflict",
            409,
            "The request cannot be met as things are (the job is already in your applications, "
            "you have as many alerts as an account may keep, advice needs a resume first).",
        ),
        ProblemType(
            "rate-limited",
            "Too many requests",
            429,
            "The token (or, without one, the address) made more requests than its limit; "
            "`RateLimit-Reset` and `Retry-After` say in how many seconds to try again.",
        ),
        ProblemType(
            "http-error",
            "HTTP error",
            400,
            "Any other error of HTTP itself (unsupported media type, body too large, ...); "
            "`status` and `title` say which.",
        ),
        ProblemType(
            "server-error",
            "Something went wrong on our side",
            500,
            "A fault of ours, logged and looked into. Trying again later may work.",
        ),
    )
}

_BY_STATUS = {
    401: "token-required",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "invalid-request",
    429: "rate-limited",
}


class Problem(HTTPException):
    """Raised by API views: the response is the problem document of `kind`."""

    def __init__(
        self,
        kind: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.kind = PROBLEM_TYPES[kind]
        self.code = self.kind.status
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.extra_headers = dict(headers or {})

    def get_response(self, environ=None, scope=None) -> Response:
        return problem_response(
            self.kind, self.code, self.kind.title, self.detail, self.errors, self.extra_headers
        )


def field_error(location: str, field: str, message: str) -> dict[str, Any]:
    return {"in": location, "field": field, "messages": [message]}


def problem_response(
    kind: ProblemType,
    status: int,
    title: str,
    detail: str | None,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": kind.uri,
        "title": title,
        "status": status,
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    # An error is about this request only: nobody should keep it.
    response.cache_control.no_store = True
    return response


def from_http_exception(error: HTTPException) -> Response:
    """Any HTTP error raised while answering an API request, as a problem document."""
    if isinstance(error, Problem):
        return error.get_response()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _field_errors(data.get("messages")) if isinstance(data, dict) else None
    slug = _BY_STATUS.get(status) or ("server-error" if status >= 500 else "http-error")
    if status == 400 and errors:
        slug = "invalid-request"
    kind = PROBLEM_TYPES[slug]
    title = kind.title if slug != "http-error" else error.name
    detail = "Some fields are not valid; see errors." if errors else _detail(error, status)
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
    headers.update(data.get("headers") or {} if isinstance(data, dict) else {})
    return problem_response(kind, status, title, detail, errors, headers)


def _detail(error: HTTPException, status: int) -> str | None:
    if status >= 500:
        return None  # whatever went wrong is ours to read in the log, not the client's
    return error.description


def _field_errors(messages: Any) -> list[dict[str, Any]] | None:
    """webargs' {"query": {"page": ["..."]}} as [{"in": "query", "field": "page", ...}]."""
    if not isinstance(messages, dict):
        return None
    found: list[dict[str, Any]] = []
    for location, fields in messages.items():
        for field, texts in _flatten(fields, ""):
            found.append({"in": location, "field": field or location, "messages": texts})
    return found or None


def _flatten(value: Any, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and all(isinstance(text, str) for text in value):
        yield path, value
    else:
        yield path, [str(value)]
