"""An alert's search on the alerts pages: shown in words with every filter, changed by editing,
and deleted only after a confirmation."""

from __future__ import annotations

from portal.alerts.wording import describe_search
from tests.accounts.helpers import text
from tests.alerts.conftest import make_alert
from tests.alerts.test_pages import alerts_of
from tests.conftest import csrf_token, login


def test_the_list_says_every_filter_an_alert_holds(client, make_user):
    user = make_user()
    make_alert(
        user,
        {"q": "technician", "location": "CO", "employment_type": "part-time", "min_salary": 40000},
        created="2026-12-01 09:00",
        name="technician in CO",
    )
    login(client, user)
    page = text(client.get("/alerts"))
    assert "Words “technician”" in page
    assert "Location CO (remote jobs based elsewhere are not included)" in page
    assert "Workplace On-site, hybrid or remote" in page
    assert "Job type Part time only" in page
    assert "Pay At least $40,000 a year" in page


def test_a_guide_alert_names_the_career():
    terms = describe_search({"guide": "nurse"}, {"nurse": "Registered Nurse"})
    assert ("Career", "Registered Nurse") in [(t.label, t.value) for t in terms]
    assert ("Workplace", "Remote only") in [
        (t.label, t.value) for t in describe_search({"workplace": "remote"}, {})
    ]


def test_editing_changes_the_words_and_filters(client, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "technician", "location": "CO"}, created="2026-12-01 09:00")
    login(client, user)
    form = client.get(f"/alerts/{alert.id}/edit").get_data(as_text=True)
    assert 'value="technician"' in form and 'value="CO"' in form
    response = client.post(
        f"/alerts/{alert.id}/edit",
        data={
            "csrf_token": csrf_token(client, "/alerts"),
            "name": "Remote techs",
            "q": "psychiatric technician",
            "location": "",
            "workplace": "remote",
            "employment_type": "",
            "guide": "mental-health-technician",
            "min_salary": "35000",
            "frequency": "weekly",
            "weekday": "2",
        },
    )
    assert response.status_code == 303
    (saved,) = alerts_of(user)
    assert saved.name == "Remote techs"
    assert saved.query == {
        "q": "psychiatric technician",
        "workplace": "remote",
        "guide": "mental-health-technician",
        "min_salary": 35000,
    }
    page = text(client.get("/alerts"))
    assert "Workplace Remote only" in page and "Location Anywhere" in page
    assert "Career Mental Health Technician" in page


def test_bad_filters_in_an_edit_are_a_form_error_and_change_nothing(client, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00")
    login(client, user)
    response = client.post(
        f"/alerts/{alert.id}/edit",
        data={
            "csrf_token": csrf_token(client, "/alerts"),
            "name": "Nurse",
            "q": "nurse",
            "workplace": "on-the-moon",
            "min_salary": "lots",
            "frequency": "weekly",
            "weekday": "0",
        },
    )
    assert response.status_code == 400
    assert "Not a valid choice" in text(response)
    assert alerts_of(user)[0].query == {"q": "nurse"}


def test_delete_asks_first_and_keeping_it_changes_nothing(client, make_user):
    user = make_user()
    alert = make_alert(user, {"q": "nurse"}, created="2026-12-01 09:00", name="Nurse jobs")
    login(client, user)
    listing = client.get("/alerts").get_data(as_text=True)
    # Delete is a link to a confirmation, not a button that deletes at once.
    assert f'href="/alerts/{alert.id}/delete"' in listing
    confirm = client.get(f"/alerts/{alert.id}/delete")
    assert confirm.status_code == 200
    assert "Delete the alert “Nurse jobs”?" in text(confirm)
    assert len(alerts_of(user)) == 1
    response = client.post(
        f"/alerts/{alert.id}/delete", data={"csrf_token": csrf_token(client, "/alerts")}
    )
    assert response.status_code == 303
    assert alerts_of(user) == []
    assert "Alert “Nurse jobs” deleted." in text(client.get("/alerts"))
