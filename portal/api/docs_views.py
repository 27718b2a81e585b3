"""/api/docs: the API's documentation, written on the server from the OpenAPI description, so
it needs no script, no CDN and nothing fetched at run time."""

from __future__ import annotations

from functools import cache

from flask import current_app, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from portal.api import API_PREFIX, docs_bp
from portal.api.problems import PROBLEM_TYPES
from portal.urls import absolute_url

METHODS = ("get", "put", "post", "patch", "delete")


@cache
def _markdown() -> MarkdownIt:
    # Our own text, but raw HTML stays off all the same: the description is also read by
    # other tools, which must not get markup from it.
    return MarkdownIt("commonmark", {"html": False})


def markdown(text: str) -> Markup:
    return Markup(_markdown().render(text))  # noqa: S704 - rendered with raw HTML off


def _operations(spec: dict) -> list[dict]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "personal": bool(operation.get("security")),
                    "parameters": operation.get("parameters", []),
                    "body": operation.get("requestBody"),
                    "responses": sorted(
                        (code, response.get("description", ""))
                        for code, response in operation.get("responses", {}).items()
                        if isinstance(response, dict)
                    ),
                }
            )
    return found


@docs_bp.get("/api/docs")
def docs():
    spec = current_app.extensions["portal.api"].spec.to_dict()
    return render_template(
        "api/docs.html",
        info=spec["info"],
        markdown=markdown,
        tags=spec.get("tags", []),
        operations=_operations(spec),
        problems=PROBLEM_TYPES.values(),
        spec_url=absolute_url("api-docs.openapi_json"),
        base_url=absolute_url("site.home").rstrip("/") + API_PREFIX,
    )
