"""Going through the host's own pages as a person would (CSRF on)."""

from __future__ import annotations

from tests.conftest import csrf_token


def join(client, email: str = "grace@example.com", name: str = "Grace Hopper") -> None:
    token = csrf_token(client, "/join")
    response = client.post(
        "/join",
        data={
            "csrf_token": token,
            "full_name": name,
            "email_address": email,
            "password": "a long password",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)


def start_checkout(client, plan: str = "plus"):
    token = csrf_token(client, "/premium/pricing")
    return client.post("/premium/billing/checkout", data={"csrf_token": token, "plan": plan})
