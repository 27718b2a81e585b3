"""Who may open every route of the portal: anonymous visitors, signed-in users, consultants and
admins.

Every URL rule in the app must be in ACCESS, as "public", "user" (signed in), "consultant" or
"admin", with
sample values for its variables. A route that is missing fails `test_every_route_is_in_the_map`;
adding one is one line here:

    "/jobs/<int:job_id>": public(job_id=1),
    "/admin/users": admin(),

What each level means, for every method of the rule (POSTs are sent empty, without CSRF):
- public: nobody is sent to sign in or refused (403);
- user: anonymous visitors are sent to sign in; users and admins are let in;
- admin: anonymous visitors are sent to sign in; users and consultants get 403; admins are let in.
- consultant: anonymous visitors are sent to sign in; users and admins (who are not consultants)
  get 403; consultants are let in.
- employer: anonymous visitors are sent to sign in; users and employers not (yet) approved get
  403; approved employers and admins are let in (portal.talent.employers.can_search).
- employer_only: the same, except that admins, who act for no company, get 403 as well
  (portal.talent.employers.can_contact).
- token: the API's personal operations (portal.api): a session counts for nothing there, so
  everyone, admins included, gets 401 problem+json without a Bearer token.
Consultants and employers are signed-in users too: "user" routes let them in.
No answer may be a server error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from portal.accounts.models import Role
from portal.extensions import db
from portal.talent import employers
from tests.conftest import login

PUBLIC, USER, ADMIN, CONSULTANT = "public", "user", "admin", "consultant"
EMPLOYER, EMPLOYER_ONLY = "employer", "employer_only"
TOKEN = "token"


@dataclass(frozen=True)
class Access:
    level: str
    args: dict = field(default_factory=dict)


def public(**args) -> Access:
    return Access(PUBLIC, args)


def user(**args) -> Access:
    return Access(USER, args)


def admin(**args) -> Access:
    return Access(ADMIN, args)


def consultant(**args) -> Access:
    return Access(CONSULTANT, args)


def employer(**args) -> Access:
    return Access(EMPLOYER, args)


def employer_only(**args) -> Access:
    return Access(EMPLOYER_ONLY, args)


def token(**args) -> Access:
    return Access(TOKEN, args)


ACCESS: dict[str, Access] = {
    # site
    "/": public(),
    "/robots.txt": public(),
    "/sitemap.xml": public(),
    "/sitemap": public(),
    "/favicon.ico": public(),
    # webapp
    "/manifest.webmanifest": public(),
    "/sw.js": public(),
    "/offline": public(),
    "/healthz": public(),
    "/static/<path:filename>": public(filename="css/site.css"),
    # careers
    "/careers/": public(),
    "/careers/<slug>": public(slug="mental-health-technician"),
    "/careers/static/<path:filename>": public(filename="guide.css"),
    # jobs
    "/jobs/": public(),
    "/jobs/feed.rss": public(),
    "/jobs/<int:posting_id>": public(posting_id=1),
    "/jobs/<int:posting_id>-<slug>": public(posting_id=1, slug="any"),
    # tracker: applies, applications and bookmarks
    "/jobs/<int:posting_id>/apply": user(posting_id=1),
    "/jobs/<int:posting_id>/applied": user(posting_id=1),
    "/applications": user(),
    "/applications/<int:application_id>": user(application_id=1),
    "/applications/new": user(),
    "/applications/<int:application_id>/remove": user(application_id=1),
    "/bookmarks": user(),
    "/bookmarks/jobs/<int:posting_id>": user(posting_id=1),
    "/bookmarks/guides/<slug>": user(slug="mental-health-technician"),
    # resumes: the owner's editor, and shared resumes at /r/<slug>
    "/resume": user(),
    "/resume.json": user(),
    "/resume.pdf": user(),
    "/resume/basics": user(),
    "/resume/<section>/new": user(section="work"),
    "/resume/<section>/<int:index>": user(section="work", index=0),
    "/resume/<section>/<int:index>/move": user(section="work", index=0),
    "/resume/<section>/<int:index>/remove": user(section="work", index=0),
    "/resume/suggestions": user(),
    # job advice: the ranked jobs (signed in), and one job's fit (a visitor learns how to get it)
    "/advice": user(),
    "/jobs/<int:posting_id>/fit": public(posting_id=1),
    "/resume/sharing": user(),
    "/resume/address": user(),
    "/resume/address/remove": user(),
    "/resume/import": user(),
    "/resume/import/review": user(),
    "/resume/import/<choice>": user(choice="accept"),
    "/r/<slug>": public(slug="k7m2q9xw"),
    "/r/<slug>.pdf": public(slug="k7m2q9xw"),
    "/r/<slug>.json": public(slug="k7m2q9xw"),
    "/resumes/static/<path:filename>": public(filename="resume.css"),
    # consultant: members' pages (Free members see what the service is) and the workspace
    "/consultant": user(),
    "/consultant/conversations/<int:conversation_id>": user(conversation_id=1),
    "/consultant/sharing": user(),
    "/consultant/book": user(),
    "/consultant/calls/<int:call_id>/move": user(call_id=1),
    "/consultant/calls/<int:call_id>/cancel": user(call_id=1),
    "/consultant/inbox": consultant(),
    "/consultant/inbox/<int:conversation_id>": consultant(conversation_id=1),
    "/consultant/inbox/<int:conversation_id>/notes": consultant(conversation_id=1),
    "/consultant/availability": consultant(),
    "/consultant/static/<path:filename>": public(filename="consultant.css"),
    # accounts
    "/register": public(),
    "/register/sent": public(),
    "/confirm/<token>": public(token="not-a-real-token"),
    "/confirm/resend": public(),
    "/login": public(),
    "/logout": public(),
    "/reset-password": public(),
    "/reset-password/<token>": public(token="not-a-real-token"),
    "/account": user(),
    "/account/confirm/resend": user(),
    "/account/email": user(),
    "/account/email/confirm/<token>": public(token="not-a-real-token"),
    "/account/password": user(),
    "/account/export": user(),
    "/account/delete": user(),
    # billing
    "/pricing": public(),
    "/billing/checkout": user(),
    "/billing/success": user(),
    "/billing/portal": user(),
    "/billing/webhook": public(),  # Stripe's; checked by signature, a CSRF exemption
    "/billing/static/<path:filename>": public(filename="billing.css"),
    # alerts
    "/alerts": user(),
    "/alerts/new": user(),
    "/alerts/guide/<slug>": user(slug="mental-health-technician"),
    "/alerts/<int:alert_id>/edit": user(alert_id=1),
    "/alerts/<int:alert_id>/pause": user(alert_id=1),
    "/alerts/<int:alert_id>/delete": user(alert_id=1),
    # Mail clients' one-click unsubscribe (RFC 8058): the other CSRF exemption, signed token
    "/alerts/unsubscribe/<token>": public(token="not-a-real-token"),
    "/alerts/push/subscribe": user(),
    "/alerts/push/unsubscribe": user(),
    # billing's demo provider (only without Stripe keys, in debug mode and tests)
    "/billing/demo/checkout/<session_id>": user(session_id="cs_demo_missing"),
    "/billing/demo/portal/<portal_id>": user(portal_id="bps_demo_missing"),
    # talent: employers search resumes and contact candidates; everyone has their messages
    "/employers/join": user(),
    "/employers/confirm/<token>": public(token="not-a-real-token"),
    "/talent": employer(),
    "/talent/<int:resume_id>": employer(resume_id=1),
    "/talent/<int:resume_id>/contact": employer_only(resume_id=1),
    "/messages": user(),
    "/messages/<int:conversation_id>": user(conversation_id=1),
    "/messages/<int:conversation_id>/reply": user(conversation_id=1),
    "/messages/<int:conversation_id>/decline": user(conversation_id=1),
    "/messages/<int:conversation_id>/share": user(conversation_id=1),
    "/messages/<int:conversation_id>/block": user(conversation_id=1),
    "/messages/<int:conversation_id>/messages/<int:message_id>/report": user(
        conversation_id=1, message_id=1
    ),
    "/privacy/companies": user(),
    "/privacy/companies/<int:hidden_id>/remove": user(hidden_id=1),
    # The JSON API (portal/api): public reads, and personal operations that take only a token
    "/api/docs": public(),
    "/api/v1/openapi.json": public(),
    "/api/v1/jobs": public(),
    "/api/v1/jobs/<int:job_id>": public(job_id=1),
    "/api/v1/guides": public(),
    "/api/v1/guides/<slug>": public(slug="mental-health-technician"),
    "/api/v1/me": token(),
    "/api/v1/me/bookmarks": token(),
    "/api/v1/me/bookmarks/<int:job_id>": token(job_id=1),
    "/api/v1/me/applications": token(),
    "/api/v1/me/applications/<int:application_id>": token(application_id=1),
    "/api/v1/me/alerts": token(),
    "/api/v1/me/alerts/<int:alert_id>": token(alert_id=1),
    "/api/v1/me/resume": token(),
    "/api/v1/me/advice": token(),
    "/account/tokens": user(),
    "/account/tokens/<int:token_id>/revoke": user(token_id=1),
    # admin (portal/admin): every URL for admins only
    "/admin/": admin(),
    "/admin/audit": admin(),
    "/admin/guides": admin(),
    "/admin/guides/new": admin(),
    "/admin/guides/import": admin(),
    "/admin/guides/<int:guide_id>": admin(guide_id=1),
    "/admin/guides/<int:guide_id>/preview": admin(guide_id=1),
    "/admin/guides/<int:guide_id>/publish": admin(guide_id=1),
    "/admin/guides/<int:guide_id>/unpublish": admin(guide_id=1),
    "/admin/guides/<int:guide_id>/revisions": admin(guide_id=1),
    "/admin/guides/<int:guide_id>/revisions/<int:number>/restore": admin(guide_id=1, number=1),
    "/admin/guides/<int:guide_id>/export": admin(guide_id=1),
    "/admin/plans": admin(),
    "/admin/plans/<int:plan_id>": admin(plan_id=1),
    "/admin/plans/<int:plan_id>/retire": admin(plan_id=2),
    "/admin/plans/<int:plan_id>/activate": admin(plan_id=2),
    "/admin/ads": admin(),
    "/admin/ads/<int:ad_id>": admin(ad_id=1),
    "/admin/billing/events": admin(),
    "/admin/billing/failures/<int:failure_id>/reprocess": admin(failure_id=1),
    "/admin/users": admin(),
    "/admin/users/<int:user_id>": admin(user_id=1),
    "/admin/users/<int:user_id>/complimentary": admin(user_id=1),
    "/admin/users/<int:user_id>/complimentary/remove": admin(user_id=1),
    "/admin/users/<int:user_id>/deactivate": admin(user_id=1),
    "/admin/users/<int:user_id>/activate": admin(user_id=1),
    "/admin/users/<int:user_id>/admin": admin(user_id=1),
    "/admin/users/<int:user_id>/admin/remove": admin(user_id=1),
    "/admin/users/<int:user_id>/resume-address/remove": admin(user_id=1),
    "/admin/users/<int:user_id>/consultant": admin(user_id=1),
    "/admin/users/<int:user_id>/consultant/remove": admin(user_id=1),
    "/admin/users/<int:user_id>/consultant/reassign": admin(user_id=1),
    "/admin/jobs": admin(),
    "/admin/jobs/<int:posting_id>": admin(posting_id=1),
    "/admin/jobs/<int:posting_id>/expire": admin(posting_id=1),
    "/admin/jobs/<int:posting_id>/delete": admin(posting_id=1),
    "/admin/jobs/imports": admin(),
    "/admin/jobs/imports/<int:run_id>": admin(run_id=1),
    "/admin/employers": admin(),
    "/admin/employers/<int:membership_id>/<any(approve, reject):decision>": admin(
        membership_id=1, decision="approve"
    ),
    "/admin/reports": admin(),
    "/admin/reports/<int:report_id>/resolve": admin(report_id=1),
}


def _unapproved_employer(person):
    """Asked to be an employer and confirmed the work email; no admin has approved it."""
    membership = employers.ask_to_join(person, "Waiting Care", "hr@waiting.example", "")
    membership.work_email_confirmed_at = membership.requested_at
    db.session.commit()
    return person


def app_rules(app) -> dict[str, set[str]]:
    rules: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        rules.setdefault(rule.rule, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return rules


def test_every_route_is_in_the_map(app):
    rules = app_rules(app)
    missing = sorted(set(rules) - set(ACCESS))
    assert not missing, (
        f"routes missing from the access map: {missing}. Add each to ACCESS in "
        "tests/test_access_map.py as public(), user() or admin() (with sample URL arguments)."
    )
    stale = sorted(set(ACCESS) - set(rules))
    assert not stale, f"the access map lists routes the app no longer has: {stale}"


def url_for_rule(app, rule: str, args: dict) -> str:
    (found,) = [r for r in app.url_map.iter_rules() if r.rule == rule][:1]
    with app.test_request_context():
        return app.url_map.bind("localhost").build(found.endpoint, args)


def sent_to_sign_in(response) -> bool:
    return response.status_code in (301, 302, 303) and response.headers["Location"].startswith(
        "/login"
    )


@pytest.mark.parametrize("rule", sorted(ACCESS))
def test_each_route_answers_each_role_as_the_map_says(
    app, make_user, make_consultant, monkeypatch, rule
):
    rules = app_rules(app)
    if rule not in rules:
        pytest.skip("not a route of this app (test_every_route_is_in_the_map says so)")
    access = ACCESS[rule]
    url = url_for_rule(app, rule, access.args)
    # The map is about who gets in; CSRF has its own tests.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    people = {
        "anonymous": None,
        "user": make_user(role=Role.USER),
        "consultant": make_consultant(),
        "admin": make_user(role=Role.ADMIN),
    }
    if access.level in (EMPLOYER, EMPLOYER_ONLY):
        people["applicant"] = _unapproved_employer(make_user())
        people["employer"] = make_user()
        employers.grant(people["employer"], "Approved Care")
        db.session.commit()
    for method in sorted(rules[rule]):
        for role, person in people.items():
            client = app.test_client()
            if person is not None:
                login(client, person)
            response = client.open(url, method=method, data={})
            response.close()  # static files are streamed from an open file
            where = f"{method} {url} as {role}"
            assert response.status_code < 500, f"{where}: {response.status_code}"
            if access.level == TOKEN:
                assert response.status_code == 401, f"{where}: {response.status_code}"
                assert response.mimetype == "application/problem+json", where
                continue
            refused = response.status_code in (401, 403)
            let_in = {
                PUBLIC: True,
                USER: person is not None,
                ADMIN: role == "admin",
                CONSULTANT: role == "consultant",
                EMPLOYER: role in ("employer", "admin"),
                EMPLOYER_ONLY: role == "employer",
            }[access.level]
            if let_in:
                assert not sent_to_sign_in(response), f"{where} was sent to sign in"
                assert not refused, f"{where} was refused ({response.status_code})"
            elif person is None:
                assert sent_to_sign_in(response), f"{where} was not sent to sign in"
            else:
                assert response.status_code == 403, f"{where}: {response.status_code}"


def test_only_stripes_webhook_one_click_unsubscribe_and_the_token_api_skip_csrf(app):
    # Both are posted by machines that hold no session: Stripe (checked by its signature) and
    # mail clients unsubscribing (RFC 8058; checked by the link's signed token).
    csrf = app.extensions["csrf"]
    assert csrf._exempt_views == {
        "portal.billing.webhooks.webhook",
        "portal.alerts.views.unsubscribe",
    }
    # The API's blueprints take Bearer tokens and never read the session (portal.api.auth), so
    # a forged cross-site request, which carries only cookies, gets nowhere there.
    assert {blueprint.name for blueprint in csrf._exempt_blueprints} == {
        "api_jobs",
        "api_guides",
        "api_account",
        "api_applications",
        "api_alerts",
        "api_resume",
    }
