"""The personal part, as a program uses it with a token, and as the person then sees it on the
site: bookmarks, applications, alerts, the resume and job advice."""

from __future__ import annotations

import datetime as dt

from portal.billing.services import grant_complimentary
from portal.extensions import db
from tests.api.conftest import bearer
from tests.conftest import csrf_token, login
from tests.jobs.factories import add_postings, record

PROBLEM = "application/problem+json"


def test_search_bookmark_and_track_an_application_then_see_them_on_the_site(app, client, token):
    user, secret = token
    auth = bearer(secret)
    add_postings(record(title="Flow Test Sonographer"))
    (job,) = client.get("/api/v1/jobs?q=flow+test+sonographer").get_json()["jobs"]

    assert client.put(f"/api/v1/me/bookmarks/{job['id']}", headers=auth).status_code == 204
    assert client.put(f"/api/v1/me/bookmarks/{job['id']}", headers=auth).status_code == 204
    listed = client.get("/api/v1/me/bookmarks", headers=auth).get_json()
    assert listed["total"] == 1 and listed["bookmarks"][0]["jobId"] == job["id"]
    assert listed["next"] is None

    created = client.post(
        "/api/v1/me/applications",
        headers=auth,
        json={
            "jobId": job["id"],
            "status": "interviewing",
            "notes": "Call Friday",
            "nextStepOn": "2026-12-04",
        },
    )
    assert created.status_code == 201
    application = created.get_json()
    assert application["status"] == "interviewing" and application["nextStepOn"] == "2026-12-04"
    again = client.post("/api/v1/me/applications", headers=auth, json={"jobId": job["id"]})
    assert again.status_code == 409 and again.mimetype == PROBLEM

    site = app.test_client()
    login(site, user)
    assert "Flow Test Sonographer" in site.get("/bookmarks").get_data(as_text=True)
    tracker_page = site.get("/applications").get_data(as_text=True)
    assert "Flow Test Sonographer" in tracker_page and "Interviewing" in tracker_page

    changed = client.patch(
        f"/api/v1/me/applications/{application['id']}", headers=auth, json={"status": "offer"}
    )
    assert changed.status_code == 200
    assert changed.get_json()["status"] == "offer" and changed.get_json()["notes"] == "Call Friday"
    assert "Offer" in site.get("/applications").get_data(as_text=True)

    assert (
        client.delete(f"/api/v1/me/applications/{application['id']}", headers=auth).status_code
        == 204
    )
    assert (
        client.get(f"/api/v1/me/applications/{application['id']}", headers=auth).status_code == 404
    )
    assert client.delete(f"/api/v1/me/bookmarks/{job['id']}", headers=auth).status_code == 204
    assert "Flow Test Sonographer" not in site.get("/bookmarks").get_data(as_text=True)


def test_nobody_reaches_anothers_applications(app, client, token, make_user):
    from tests.api.conftest import make_token

    _user, secret = token
    created = client.post("/api/v1/me/applications", headers=bearer(secret), json={"jobId": 1})
    assert created.status_code == 201
    other = bearer(make_token(app, make_user()))
    url = f"/api/v1/me/applications/{created.get_json()['id']}"
    assert client.get(url, headers=other).status_code == 404
    assert client.patch(url, headers=other, json={"notes": "mine"}).status_code == 404
    assert client.delete(url, headers=other).status_code == 404
    assert client.get(url, headers=bearer(secret)).status_code == 200


def test_bad_bodies_are_problems_naming_the_field(client, token):
    _user, secret = token
    auth = bearer(secret)
    response = client.post(
        "/api/v1/me/applications", headers=auth, json={"jobId": "one", "status": "hired"}
    )
    assert response.status_code == 422 and response.mimetype == PROBLEM
    fields = {error["field"] for error in response.get_json()["errors"]}
    assert fields == {"jobId", "status"}
    assert {error["in"] for error in response.get_json()["errors"]} == {"json"}
    unknown = client.post("/api/v1/me/alerts", headers=auth, json={"name": "x", "colour": "red"})
    assert unknown.status_code == 422
    assert [error["field"] for error in unknown.get_json()["errors"]] == ["colour"]
    missing = client.post("/api/v1/me/applications", headers=auth, json={"jobId": 99999999})
    assert missing.status_code == 404


def test_alerts_are_created_changed_paused_and_deleted(app, client, token):
    user, secret = token
    auth = bearer(secret)
    created = client.post(
        "/api/v1/me/alerts",
        headers=auth,
        json={
            "name": "Remote techs",
            "query": {"q": "technician", "workplace": "remote"},
            "frequency": "daily",
        },
    )
    assert created.status_code == 201
    alert = created.get_json()
    # Free has weekly alerts only: asking for daily gives weekly.
    assert alert["frequency"] == "weekly" and alert["query"] == {
        "q": "technician",
        "workplace": "remote",
    }
    site = app.test_client()
    login(site, user)
    assert "Remote techs" in site.get("/alerts").get_data(as_text=True)

    daily = client.patch(
        f"/api/v1/me/alerts/{alert['id']}", headers=auth, json={"frequency": "daily"}
    )
    assert daily.status_code == 403 and daily.get_json()["type"].endswith("#problem-plan-required")
    paused = client.patch(
        f"/api/v1/me/alerts/{alert['id']}",
        headers=auth,
        json={"paused": True, "name": "Techs", "weekday": 4},
    )
    assert paused.status_code == 200
    assert paused.get_json()["paused"] is True and paused.get_json()["weekday"] == 4
    assert "Paused." in site.get("/alerts").get_data(as_text=True)
    assert client.delete(f"/api/v1/me/alerts/{alert['id']}", headers=auth).status_code == 204
    assert "Techs" not in site.get("/alerts").get_data(as_text=True)
    assert client.get("/api/v1/me/alerts", headers=auth).get_json()["total"] == 0


RESUME = {
    "basics": {
        "name": "Robin API",
        "label": "Mental Health Technician",
        "email": "robin@example.com",
    },
    "work": [
        {
            "name": "Riverbend Behavioral Health",
            "position": "Mental Health Technician",
            "startDate": "2021-03-01",
            "highlights": [
                "De-escalated crises on an acute psychiatric unit",
                "CPR and CPI certified",
            ],
        }
    ],
    "skills": [{"name": "Crisis intervention"}, {"name": "Patient observation"}],
}


def test_the_resume_is_replaced_only_by_a_valid_json_resume(client, token):
    _user, secret = token
    auth = bearer(secret)
    assert client.get("/api/v1/me/resume", headers=auth).status_code == 404
    saved = client.put("/api/v1/me/resume", headers=auth, json=RESUME)
    assert saved.status_code == 200
    assert saved.get_json()["document"]["basics"]["name"] == "Robin API"
    bad = client.put(
        "/api/v1/me/resume",
        headers=auth,
        json={"basics": {"email": "not an address"}, "work": "none"},
    )
    assert bad.status_code == 422 and bad.mimetype == PROBLEM
    assert "work" in bad.get_json()["detail"]
    not_json = client.put(
        "/api/v1/me/resume", headers=auth, data=b"{nope", content_type="application/json"
    )
    assert not_json.status_code == 422
    kept = client.get("/api/v1/me/resume", headers=auth).get_json()
    assert kept["document"] == RESUME and kept["version"] == saved.get_json()["version"]


def test_advice_needs_the_plan_and_a_resume_then_ranks_jobs(client, token):
    user, secret = token
    auth = bearer(secret)
    assert (
        client.get("/api/v1/me/advice", headers=auth)
        .get_json()["type"]
        .endswith("#problem-plan-required")
    )
    grant_complimentary(user.id, "plus", dt.date(2027, 1, 31))
    db.session.commit()
    assert client.get("/api/v1/me", headers=auth).get_json()["plan"]["key"] == "plus"
    no_resume = client.get("/api/v1/me/advice", headers=auth)
    assert no_resume.status_code == 409
    assert client.put("/api/v1/me/resume", headers=auth, json=RESUME).status_code == 200
    advice = client.get("/api/v1/me/advice", headers=auth)
    assert advice.status_code == 200, advice.get_data(as_text=True)
    ranked = advice.get_json()["jobs"]
    assert ranked and all(0 <= job["score"] <= 100 for job in ranked)
    assert ranked[0]["score"] >= ranked[-1]["score"]
    assert "Technician" in ranked[0]["job"]["jobTitle"] or "Mental" in ranked[0]["job"]["jobTitle"]


def test_personal_lists_page_with_next_links(client, token):
    _user, secret = token
    auth = bearer(secret)
    for n in range(5):
        assert (
            client.post("/api/v1/me/alerts", headers=auth, json={"name": f"Alert {n}"}).status_code
            == 201
        )
    first = client.get("/api/v1/me/alerts?per_page=2", headers=auth).get_json()
    assert first["total"] == 5 and len(first["alerts"]) == 2
    names = [alert["name"] for alert in first["alerts"]]
    link = first["next"]
    while link:
        following = client.get(link.removeprefix("http://localhost"), headers=auth).get_json()
        names += [alert["name"] for alert in following["alerts"]]
        link = following["next"]
    assert names == [f"Alert {n}" for n in range(5)]


def test_personal_lists_run_the_same_queries_for_one_or_many(client, token, count_queries):
    _user, secret = token
    auth = bearer(secret)
    postings = add_postings(
        *(
            record(title=f"Counted Remote Aide {n}", location={}, workplace="remote")
            for n in range(6)
        )
    )
    counts = {}
    for number in (1, 6):
        for posting in postings[:number]:
            client.put(f"/api/v1/me/bookmarks/{posting.id}", headers=auth)
            client.post("/api/v1/me/applications", headers=auth, json={"jobId": posting.id})
        for url in ("/api/v1/me/bookmarks", "/api/v1/me/applications"):
            count_queries.statements.clear()
            response = client.get(url, headers=auth)
            assert response.status_code == 200
            counts[url, number] = count_queries.count
    for url in ("/api/v1/me/bookmarks", "/api/v1/me/applications"):
        assert counts[url, 1] == counts[url, 6] <= 4, counts


def test_an_application_to_a_job_elsewhere_reads_through_the_api(app, client, token):
    # Added on the site's "Add an application" form: no posting of ours, only what was typed.
    user, secret = token
    site = app.test_client()
    login(site, user)
    added = site.post(
        "/applications/new",
        data={
            "csrf_token": csrf_token(site, "/applications/new"),
            "title": "Night Technician",
            "company": "Elsewhere Health",
            "url": "https://jobs.example.org/night-tech",
            "applied_on": "2026-11-20",
            "status": "applied",
        },
    )
    assert added.status_code in (302, 303)

    listed = client.get("/api/v1/me/applications", headers=bearer(secret))
    assert listed.status_code == 200
    (entry,) = listed.get_json()["applications"]
    assert entry["jobId"] is None and entry["job"] is None
    assert entry["elsewhere"] == {
        "jobTitle": "Night Technician",
        "companyName": "Elsewhere Health",
        "url": "https://jobs.example.org/night-tech",
    }
    one = client.get(f"/api/v1/me/applications/{entry['id']}", headers=bearer(secret))
    assert one.status_code == 200 and one.get_json()["elsewhere"]["jobTitle"] == "Night Technician"
    changed = client.patch(
        f"/api/v1/me/applications/{entry['id']}",
        headers=bearer(secret),
        json={"status": "interviewing"},
    )
    assert changed.status_code == 200 and changed.get_json()["status"] == "interviewing"
