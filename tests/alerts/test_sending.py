"""Digests through the real SMTP server: content, headers, windows, plans, time zones."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.alerts import services
from portal.alerts.models import AlertDelivery, DeliveryStatus, Frequency
from portal.extensions import db
from tests.alerts.conftest import SITE_URL, end_plus, grant_plus, make_alert, received, send

NURSE = {"q": "nurse"}


def titles(mail) -> list[str]:
    return re.findall(r"^(Night Nurse \w+|Care Coordinator \d+)\r?$", mail.text, re.M)


def test_a_digest_lists_the_newest_25_with_a_link_to_the_rest(make_user, mailbox):
    user = make_user("reader@example.com", name="Robin")
    alert = make_alert(user, NURSE, created="2026-12-01 09:00", name="Nurses in Denver")
    for number in range(27):
        received(
            "2026-12-02 10:00",
            title=f"Night Nurse N{number:02d}",
            posted_at=f"2026-11-{number + 1:02d}",
            salary={"min": 30, "max": 40, "currency": "USD", "period": "hour"},
        )
    received("2026-12-02 10:00", title="Care Coordinator 999")  # does not match

    summary = send("2026-12-07 08:00")

    assert summary.line() == "due 1, sent 1, empty 0, failed 0"
    mail = mailbox.last_to("reader@example.com")
    assert mail.subject == "27 new jobs for “Nurses in Denver”"
    listed = titles(mail)
    # Newest first (by posting date), 25 of them, and a link to the rest.
    assert listed == [f"Night Nurse N{n:02d}" for n in range(26, 1, -1)]
    assert "Care Coordinator 999" not in mail.text
    assert "Testing Health · Denver, CO · $30\u2013$40 an hour" in mail.text
    assert mail.link("/jobs/").startswith(f"{SITE_URL}/jobs/")
    assert "See all 27 jobs: " in mail.text
    assert "q=nurse" in mail.link("sort=date")
    # The HTML part says the same, with links.
    assert "Night Nurse N26" in mail.html and f'href="{SITE_URL}/jobs/' in mail.html
    assert "Night Nurse N01" not in mail.html
    # One-click unsubscribe (RFC 8058) and a link to manage every alert.
    unsubscribe = mail.link("/alerts/unsubscribe/")
    assert mail.message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{SITE_URL}/alerts" in mail.links()
    delivery = db.session.scalar(sa.select(AlertDelivery).where(AlertDelivery.alert_id == alert.id))
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.message_id == mail.message["Message-ID"]
    assert delivery.job_count == 27


def test_no_new_jobs_no_email(make_user, mailbox):
    user = make_user()
    make_alert(user, NURSE, created="2026-12-01 09:00")
    received("2026-12-02 10:00", title="Care Coordinator 1000")
    assert send("2026-12-07 08:00").line() == "due 1, sent 0, empty 1, failed 0"
    assert mailbox.to(user.email) == []


def test_windows_across_weekly_daily_and_a_plan_change(make_user, mailbox):
    """No job twice, none missed: weekly on Free, daily after an upgrade, weekly again after
    the downgrade; a job received late with an old posting date still counts."""
    user = make_user("windows@example.com")
    alert = make_alert(user, NURSE, created="2026-12-01 09:00")  # Free: weekly, Mondays
    assert alert.frequency == Frequency.WEEKLY
    received("2026-12-01 08:00", title="Night Nurse Before")  # before the alert existed
    received("2026-12-02 10:00", title="Night Nurse A")

    assert send("2026-12-05 08:00").due == 0  # Saturday: not due
    assert send("2026-12-07 08:00").sent == 1
    assert titles(mailbox.last_to(user.email)) == ["Night Nurse A"]

    received("2026-12-07 08:05", title="Night Nurse B", posted_at="2026-10-01")  # imported late
    assert send("2026-12-07 08:15").line() == "due 0, sent 0, empty 0, failed 0"

    grant_plus(user)
    alert = services.get_alert(user.id, alert.id)
    services.update_alert(alert, user, alert.name, Frequency.DAILY, 0)
    assert send("2026-12-08 08:00").sent == 1
    assert titles(mailbox.last_to(user.email)) == ["Night Nurse B"]

    received("2026-12-08 12:00", title="Night Nurse C")
    end_plus(user)  # downgrade: the daily alert is weekly again, without an edit
    assert send("2026-12-09 08:00").due == 0
    assert send("2026-12-13 08:00").due == 0
    assert send("2026-12-14 08:00").sent == 1
    assert titles(mailbox.last_to(user.email)) == ["Night Nurse C"]
    assert len(mailbox.to(user.email)) == 3


def test_daily_digests_at_eight_in_new_york_across_the_spring_change(make_user, mailbox):
    user = make_user("ny@example.com", time_zone="America/New_York")
    grant_plus(user)
    make_alert(user, NURSE, created="2026-03-06 14:00", frequency=Frequency.DAILY)
    received("2026-03-06 15:00", title="Night Nurse Friday")
    received("2026-03-07 14:00", title="Night Nurse Saturday")

    assert send("2026-03-07 12:59").due == 0  # 07:59 EST
    assert send("2026-03-07 13:00").sent == 1  # 08:00 EST
    assert titles(mailbox.last_to(user.email)) == ["Night Nurse Friday"]
    assert send("2026-03-08 11:59").due == 0  # 07:59 EDT
    assert send("2026-03-08 12:00").sent == 1  # 08:00 EDT: an hour earlier in UTC
    assert titles(mailbox.last_to(user.email)) == ["Night Nurse Saturday"]


def test_paused_alerts_unconfirmed_and_inactive_people_get_nothing(make_user, mailbox):
    paused = make_user("paused@example.com")
    alert = make_alert(paused, NURSE, created="2026-12-01 09:00")
    services.set_paused(alert, paused, True)
    make_alert(make_user("unconfirmed@example.com", confirmed=False), NURSE, created="2026-12-01")
    make_alert(make_user("inactive@example.com", active=False), NURSE, created="2026-12-01")
    received("2026-12-02 10:00", title="Night Nurse A")

    assert send("2026-12-07 08:00").line() == "due 0, sent 0, empty 0, failed 0"
    assert mailbox.messages == []


def test_a_person_deleted_between_runs_gets_nothing_and_stops_nothing(make_user, mailbox):
    staying = make_user("staying@example.com")
    leaving = make_user("leaving@example.com")
    make_alert(staying, NURSE, created="2026-12-01 09:00")
    make_alert(leaving, NURSE, created="2026-12-01 09:00")
    received("2026-12-02 10:00", title="Night Nurse A")
    assert send("2026-12-07 08:00").sent == 2

    received("2026-12-08 10:00", title="Night Nurse B")
    db.session.delete(leaving)
    db.session.commit()
    assert send("2026-12-14 08:00").line() == "due 1, sent 1, empty 0, failed 0"
    assert titles(mailbox.last_to("staying@example.com")) == ["Night Nurse B"]
    assert len(mailbox.to("leaving@example.com")) == 1


def test_dry_run_sends_and_records_nothing(make_user, mailbox):
    user = make_user("dry@example.com")
    make_alert(user, NURSE, created="2026-12-01 09:00", name="Dry")
    received("2026-12-02 10:00", title="Night Nurse A")
    summary = send("2026-12-07 08:00", dry_run=True)
    assert summary.lines == ["dry@example.com: 'Dry': 1 new job"]
    assert mailbox.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AlertDelivery)) == 0
    assert send("2026-12-07 08:00").sent == 1


def test_digests_of_one_search_each_carry_their_own_reader_alert_and_link(make_user, mailbox):
    """Digests of one search are written from one rendering (a mail merge): each still names its
    own reader and alert, escaped in the HTML, and unsubscribes from its own alert only."""
    ada = make_user("ada@example.com", name="Ada <b>&</b> Co")
    bo = make_user("bo@example.com", name="Bo")
    grant_plus(bo)
    make_alert(ada, NURSE, created="2026-12-01 09:00", name='Nights "&" <days>')
    make_alert(bo, NURSE, created="2026-12-01 09:00", name="Bo's nurses", frequency=Frequency.DAILY)
    received("2026-12-02 10:00", title="Night Nurse Shared")

    assert send("2026-12-07 08:00").line() == "due 2, sent 2, empty 0, failed 0"

    ada_mail, bo_mail = mailbox.last_to("ada@example.com"), mailbox.last_to("bo@example.com")
    assert ada_mail.subject == '1 new job for “Nights "&" <days>”'
    assert ada_mail.text.startswith("Hello Ada <b>&</b> Co,")
    assert "Hello Ada &lt;b&gt;&amp;&lt;/b&gt; Co," in ada_mail.html
    assert "“Nights &#34;&amp;&#34; &lt;days&gt;”" in ada_mail.html
    assert "You get this weekly email" in ada_mail.text
    assert bo_mail.subject == "1 new job for “Bo's nurses”"
    assert bo_mail.text.startswith("Hello Bo,")
    assert "You get this daily email" in bo_mail.text
    assert "Night Nurse Shared" in ada_mail.text and "Night Nurse Shared" in bo_mail.text
    ada_link = ada_mail.link("/alerts/unsubscribe/")
    bo_link = bo_mail.link("/alerts/unsubscribe/")
    assert ada_link != bo_link
    assert f'href="{ada_link}"' in ada_mail.html
    assert ada_mail.message["List-Unsubscribe"] == f"<{ada_link}>"


def test_a_title_holding_the_merge_marker_character_arrives_as_written(make_user, mailbox):
    user = make_user("marker@example.com", name="Cleo")
    make_alert(user, NURSE, created="2026-12-01 09:00", name="Marked")
    received("2026-12-02 10:00", title="Night Nurse \ue000name\ue000 odd")

    assert send("2026-12-07 08:00").line() == "due 1, sent 1, empty 0, failed 0"

    mail = mailbox.last_to("marker@example.com")
    assert "Night Nurse \ue000name\ue000 odd" in mail.text
    assert mail.text.startswith("Hello Cleo,")
    assert "“Marked”" in mail.text
