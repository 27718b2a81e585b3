"""Careers and billing mounted by another Flask jobs site (examples/host_app/): its own db, its
own `members` table, Flask-Login, CSRFProtect, and a layout with its own block names."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import select

from portal.billing import Billing, can, entitlements
from portal.careers import Careers
from tests.careers.source_text import visible_text
from tests.conftest import csrf_token
from tests.plugin.conftest import GUIDE
from tests.plugin.helpers import join, start_checkout


def member(app, email: str = "grace@example.com"):
    from host_app import db
    from host_app.models import Member

    with app.app_context():
        found = db.session.scalar(select(Member).where(Member.email_address == email))
        db.session.expunge_all()
        return found


def test_the_guide_renders_inside_the_hosts_layout_with_the_hosts_jobs(host_client):
    page = host_client.get(f"/guides/{GUIDE}")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # The host's layout, its block for the page, and its <title> block.
    assert '<header class="acme-header">' in html
    assert re.search(r'<main id="acme-main">.*Mental Health Technician.*</main>', html, re.S)
    assert "<title>Mental Health Technician Career Guide" in html
    # The guide's own styles and structured data went into the host's head block.
    head = html.split("</head>")[0]
    assert "guide.css" in head and "application/ld+json" in head
    # The open jobs come from the host's own provider.
    assert "Acme jobs in this career" in html and "Night shift technician" in html
    # Prefixed to the plugin's address, with its links following.
    assert host_client.get("/careers/").status_code == 404
    index = host_client.get("/guides/")
    assert f'href="/guides/{GUIDE}"' in index.get_data(as_text=True)


def test_a_host_member_buys_plus_through_the_demo_checkout(host_client, seeded_host):
    join(host_client)
    with seeded_host.test_request_context():
        assert not can(member(seeded_host), "ad_free")

    to_checkout = start_checkout(host_client)
    assert to_checkout.status_code == 303
    checkout_path = urlsplit(to_checkout.headers["Location"]).path
    assert checkout_path.startswith("/premium/billing/demo/checkout/")
    token = csrf_token(host_client, checkout_path)
    paid = host_client.post(checkout_path, data={"csrf_token": token})
    assert paid.status_code == 303
    success = host_client.get(paid.headers["Location"])

    assert "Welcome to Plus" in visible_text(success.get_data(as_text=True))
    with seeded_host.test_request_context():
        grace = member(seeded_host)
        assert can(grace, "ad_free") and "featured_resume" in entitlements(grace)
    me = visible_text(host_client.get("/me").get_data(as_text=True))
    assert "Premium member: no ads" in me and "Plus" in me


def test_pricing_links_to_the_hosts_own_pages(host_client):
    html = host_client.get("/premium/pricing").get_data(as_text=True)

    assert 'href="/join"' in html and 'href="/login"' in html
    assert '<header class="acme-header">' in html


def test_checkout_asks_a_visitor_to_sign_in_on_the_hosts_page(host_client):
    token = csrf_token(host_client, "/join")  # one token per session

    response = host_client.post("/premium/billing/checkout", data={"csrf_token": token})

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_the_hosts_csrf_still_guards_its_own_forms(host_client):
    response = host_client.post("/join", data={"full_name": "Mallory"})

    assert response.status_code == 400


def test_billing_says_what_it_needs_without_flask_login(tmp_path):
    app = Flask("bare")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'bare.db'}"
    db = SQLAlchemy()
    db.init_app(app)

    from host_app.models import Member

    with pytest.raises(RuntimeError, match="LoginManager"):
        Billing(
            app,
            db=db,
            user_model=Member,
            endpoints={"register": "r", "login": "l", "account": "a", "home": "h"},
            layout="layout.html",
        )


def test_careers_needs_no_login_manager_and_no_settings(tmp_path):
    app = Flask("bare", template_folder=str(tmp_path))
    (tmp_path / "shell.html").write_text("<body>{% block inside %}{% endblock %}</body>")
    app.config.update(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'bare.db'}")
    db = SQLAlchemy()
    db.init_app(app)
    Careers(app, db=db, layout="shell.html", content_block="inside", head_block=None)
    with app.app_context():
        db.create_all()

    page = app.test_client().get("/careers/")

    assert page.status_code == 200
    assert "<body>" in page.get_data(as_text=True) and "Career guides" in page.get_data(
        as_text=True
    )
