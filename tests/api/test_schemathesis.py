"""The API fuzzed from its own OpenAPI description by schemathesis, on a live server.

Every operation, with a read-write token, in positive and negative cases: any 5xx, any answer
that its description does not allow (status, content type, headers, body schema), and any
request that its description forbids but the API accepts fails the test. A few examples per
operation and mode keep it under a minute (`API_FUZZ_EXAMPLES` raises that for a deeper run).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.accounts.models import User
from portal.api import services
from portal.api.models import Scope
from portal.extensions import db
from tests.browser import live_server  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def fuzz_token(live_server):  # noqa: F811
    app = live_server.app
    saved = {key: app.config[key] for key in ("API_TOKEN_RATE_LIMIT", "API_ADDRESS_RATE_LIMIT")}
    # Hundreds of requests in seconds: the budget is not what is being tested here.
    app.config.update(
        API_TOKEN_RATE_LIMIT="100000 per minute", API_ADDRESS_RATE_LIMIT="100000 per minute"
    )
    with app.app_context():
        user = User(email="fuzzer@example.com", name="Fuzzer", password_hash="not-a-hash")
        db.session.add(user)
        db.session.commit()
        secret = services.issue_token(user, "schemathesis", Scope.READ_WRITE, None).secret
        user_id = user.id
    yield secret
    app.config.update(saved)
    with app.app_context():
        db.session.delete(db.session.get(User, user_id))
        db.session.commit()


def test_every_operation_keeps_to_its_description(live_server, fuzz_token):  # noqa: F811
    schema = schemathesis.openapi.from_url(live_server("/api/v1/openapi.json"))
    headers = {"Authorization": f"Bearer {fuzz_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

            try:
                call()
            except Unsatisfiable:
                # Nothing to get wrong: no parameters and no body (GET /guides, GET /me).
                assert mode == GenerationMode.NEGATIVE, operation.label
