"""The description (/api/v1/openapi.json) and the page written from it (/api/docs)."""

from __future__ import annotations

import re

from portal.api.problems import PROBLEM_TYPES

METHODS = ("get", "put", "post", "patch", "delete")


def test_the_description_is_openapi_3_and_every_error_is_a_problem(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    assert len(operations) >= 20
    default = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(default) == ["application/problem+json"]
    for path, method, operation in operations:
        assert operation["responses"]["default"] == {"$ref": "#/components/responses/DEFAULT_ERROR"}
        personal = path.startswith("/api/v1/me")
        assert bool(operation.get("security")) == personal, (method, path)
    # Where the job fields differ from Jobicy's, the description says so.
    assert "Where we differ" in spec["info"]["description"]


def test_the_docs_page_lists_every_operation_and_problem_type_and_loads_nothing_from_elsewhere(
    client,
):
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                assert f"{method.upper()} {path}" in html
    for problem in PROBLEM_TYPES.values():
        assert f'id="problem-{problem.slug}"' in html
        assert problem.uri.endswith(f"#problem-{problem.slug}")
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)
