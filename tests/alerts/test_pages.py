"""Alert pages as a person uses them: create from a search or a guide, list, edit, pause,
delete, and unsubscribe from a digest's link."""

from __future__ import annotations

import re

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from portal.alerts.models import Frequency, JobAlert
from portal.alerts.tokens import unsubscribe_token
from portal.extensions import db
from tests.accounts.helpers import text
from tests.alerts.conftest import grant_plus, make_alert
from tests.conftest import csrf_token, login

GUIDE = "/careers/mental-health-technician"


def alerts_of(user) -> list[JobAlert]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(JobAlert).where(JobAlert.user_id == user.id)))


def test_create_alert_from_search_results(client, make_user):
    page = client.get("/jobs/?q=nurse&location=Denver").get_data(as_text=True)
    assert "Sign in to create an alert" in page
    assert "/login?next=/jobs/?q%3Dnurse%26location%3DDenver" in page

    user = make_user()
    login(client, user)
    page = client.get("/jobs/?q=nurse&location=Denver&workplace=remote").get_data(as_text=True)
    assert 'action="/alerts/new"' in page and 'value="nurse in Denver"' in page
    response = client.post(
        "/alerts/new",
        data={
            "csrf_token": csrf_token(client, "/jobs/"),
            "name": "Remote nursing",
            "q": "nurse",
            "location": "Denver",
            "workplace": "remote",
        },
    )
    assert response.status_code == 303 and response.location == "/alerts"
    (alert,) = alerts_of(user)
    assert alert.name == "Remote nursing"
    assert alert.query == {"q": "nurse", "location": "Denver", "workplace": "remote"}
    assert alert.frequency == Frequency.WEEKLY
    listing = client.get("/alerts").get_data(as_text=True)
    assert "Remote nursing" in listing and "Weekly, on Mondays at 08:00 (UTC)" in listing
    assert re.search(r"Next digest: Monday \d+ \w+ \d{4}, 08:00", listing)


def test_a_nameless_alert_is_a_message_not_an_error(client, make_user):
    user = make_user()
    login(client, user)
    token = csrf_token(client, "/jobs/")
    response = client.post("/alerts/new", data={"csrf_token": token, "name": " ", "q": "nurse"})
    assert response.status_code == 303 and "q=nurse" in response.location
    assert "Please give the alert a name" in client.get(response.location).get_data(as_text=True)
    assert alerts_of(user) == []


def test_guide_page_offers_a_one_click_alert(client, make_user):
    page = client.get(GUIDE).get_data(as_text=True)
    assert "Email me new Mental Health Technician jobs" in page
    assert f"/login?next={GUIDE}" in page
    user = make_user()
    login(client, user)
    page = client.get(GUIDE).get_data(as_text=True)
    assert 'action="/alerts/guide/mental-health-technician"' in page
    response = client.post(
        "/alerts/guide/mental-health-technician", data={"csrf_token": csrf_token(client, GUIDE)}
    )
    assert response.status_code == 303
    (alert,) = alerts_of(user)
    assert alert.query == {"guide": "mental-health-technician"}
    assert alert.name == "Mental Health Technician jobs"


def test_edit_pause_and_delete(client, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00")
    login(client, user)
    token = csrf_token(client, "/alerts")
    # Daily needs Plus.
    response = client.post(
        f"/alerts/{alert.id}/edit",
        data={"csrf_token": token, "name": "Nights", "frequency": "daily", "weekday": "4"},
    )
    assert response.status_code == 200
    assert "Daily alerts are a Plus feature" in response.get_data(as_text=True)
    grant_plus(user)
    response = client.post(
        f"/alerts/{alert.id}/edit",
        data={"csrf_token": token, "name": "Nights", "frequency": "daily", "weekday": "4"},
    )
    assert response.status_code == 303
    (alert,) = alerts_of(user)
    assert (alert.name, alert.frequency, alert.weekday) == ("Nights", Frequency.DAILY, 4)

    client.post(f"/alerts/{alert.id}/pause", data={"csrf_token": token})
    assert alerts_of(user)[0].paused
    assert "Paused." in client.get("/alerts").get_data(as_text=True)
    client.post(f"/alerts/{alert.id}/pause", data={"csrf_token": token})
    assert not alerts_of(user)[0].paused
    client.post(f"/alerts/{alert.id}/delete", data={"csrf_token": token})
    assert alerts_of(user) == []


def test_a_downgraded_daily_alert_is_shown_as_weekly_with_a_note(client, make_user):
    user = make_user()
    grant_plus(user)
    make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", frequency=Frequency.DAILY)
    from tests.alerts.conftest import end_plus

    end_plus(user)
    login(client, user)
    page = client.get("/alerts").get_data(as_text=True)
    assert "your daily alerts come weekly for now" in page
    assert "Weekly, on Mondays" in page


def test_someone_elses_alert_is_not_found(client, make_user):
    alert = make_alert(make_user(), {"q": "nurse"}, created="2026-12-01 09:00")
    other = make_user()
    login(client, other)
    token = csrf_token(client, "/alerts")
    assert client.get(f"/alerts/{alert.id}/edit").status_code == 404
    assert client.post(f"/alerts/{alert.id}/delete", data={"csrf_token": token}).status_code == 404


def test_unsubscribe_valid_one_click_tampered_and_used(app, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Nights")
    token = unsubscribe_token(alert.id, user.id)
    client = app.test_client()  # not signed in, no CSRF token: as a mail client posts
    page = client.get(f"/alerts/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop the alert “Nights”?" in page.get_data(as_text=True)
    assert len(alerts_of(user)) == 1  # a link scanner's GET changes nothing

    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    response = client.post(f"/alerts/unsubscribe/{tampered}")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert len(alerts_of(user)) == 1

    response = client.post(
        f"/alerts/unsubscribe/{token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed from “Nights”" in response.get_data(as_text=True)
    assert alerts_of(user) == []

    again = client.post(f"/alerts/unsubscribe/{token}")
    assert again.status_code == 200
    assert "already unsubscribed" in again.get_data(as_text=True)


def test_unsubscribe_links_in_digests_sent_before_the_short_token_still_work(app, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Days")
    serializer = URLSafeSerializer(app.config["SECRET_KEY"], salt="portal.alerts.unsubscribe")
    first_format = serializer.dumps([alert.id, user.id])
    client = app.test_client()
    response = client.post(f"/alerts/unsubscribe/{first_format}")
    assert "You are unsubscribed from “Days”" in response.get_data(as_text=True)
    assert alerts_of(user) == []


def test_an_unsubscribe_token_cannot_be_pointed_at_someone_elses_alert(app, make_user):
    mine, theirs = make_user(), make_user()
    my_alert = make_alert(mine, {"q": "nurse"}, created="2026-12-01 09:00")
    their_alert = make_alert(theirs, {"q": "aide"}, created="2026-12-01 09:00")
    token = unsubscribe_token(my_alert.id, mine.id)
    signature = token.rpartition(".")[2]
    forged = f"{their_alert.id}.{theirs.id}.{signature}"
    response = app.test_client().post(f"/alerts/unsubscribe/{forged}")
    assert response.status_code == 400
    assert len(alerts_of(theirs)) == 1


def test_the_guide_button_shows_the_alert_it_made_and_never_makes_a_second(client, make_user):
    user = make_user()
    login(client, user)
    token = csrf_token(client, GUIDE)
    for _ in range(2):  # a second click, or the form sent twice
        client.post("/alerts/guide/mental-health-technician", data={"csrf_token": token})
    (alert,) = alerts_of(user)

    page = client.get(GUIDE).get_data(as_text=True)
    assert 'action="/alerts/guide/mental-health-technician"' not in page
    assert "You get new Mental Health Technician jobs by email" in page
    assert f'href="/alerts/{alert.id}/edit">Manage this alert' in page
    # Visitors still get the stored page with the sign-in button, not someone's alert.
    visitor = client.application.test_client()
    page = visitor.get(GUIDE).get_data(as_text=True)
    assert "Email me new Mental Health Technician jobs" in page
    assert "Manage this alert" not in page


def test_daily_on_free_is_shown_as_plus_only_with_an_upgrade_link(client, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Nights")
    login(client, user)
    form = client.get(f"/alerts/{alert.id}/edit").get_data(as_text=True)
    assert '<option value="daily">Daily (Plus only)</option>' in form
    assert '<a href="/pricing">Upgrade to Plus</a>' in form

    response = client.post(
        f"/alerts/{alert.id}/edit",
        data={
            "csrf_token": csrf_token(client, "/alerts"),
            "name": "Nights",
            "frequency": "daily",
            "weekday": "4",
        },
    )
    assert response.status_code == 200  # the form again, with what to do; not a bare 400
    page = text(response)
    assert page.count("Plus feature") == 1 and page.count("come with Plus") == 0
    assert "Daily alerts are a Plus feature, so this alert stays weekly. Upgrade to Plus" in page
    assert '<a href="/pricing">Upgrade to Plus</a>' in response.get_data(as_text=True)
    # What the person typed is kept in the form shown again.
    assert re.search(r'<input [^>]*name="name"[^>]*value="Nights"', response.get_data(as_text=True))
    (saved,) = alerts_of(user)
    assert saved.frequency == Frequency.WEEKLY and saved.weekday == 0
