"""Business-hours arithmetic: due times and durations across weekends, time zones and the US
daylight-saving changes (2027-03-14 spring forward, 2026-11-01 fall back)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.consultant.business_hours import (
    BusinessHours,
    BusinessHoursError,
    parse_days,
    parse_hours,
)

NEW_YORK = ZoneInfo("America/New_York")


def hours(zone: str = "America/New_York", day: str = "09:00-17:00", days: str = "mon-fri", **kw):
    return BusinessHours.from_config(
        {
            "CONSULTANT_TIME_ZONE": zone,
            "CONSULTANT_WORKING_HOURS": day,
            "CONSULTANT_WORKING_DAYS": days,
            **kw,
        }
    )


def utc(local: str, zone: str = "America/New_York") -> dt.datetime:
    """A wall-clock time somewhere, as the naive UTC the portal stores."""
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def local(moment: dt.datetime, zone: str = "America/New_York") -> str:
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).strftime("%a %Y-%m-%d %H:%M")


def test_within_the_same_working_day():
    due = hours().add_hours(utc("2026-12-01 10:00"), 3)  # a Tuesday
    assert local(due) == "Tue 2026-12-01 13:00"


def test_one_business_day_from_friday_afternoon_is_monday_afternoon():
    due = hours().add_hours(utc("2026-12-04 16:00"), 8)
    # One hour on Friday, seven on Monday from 9 o'clock.
    assert local(due) == "Mon 2026-12-07 16:00"


def test_a_message_sent_at_the_weekend_or_at_night_waits_for_opening_time():
    assert local(hours().add_hours(utc("2026-12-05 11:00"), 1)) == "Mon 2026-12-07 10:00"
    assert local(hours().add_hours(utc("2026-12-01 22:30"), 1)) == "Wed 2026-12-02 10:00"
    assert local(hours().add_hours(utc("2026-12-02 06:00"), 8)) == "Wed 2026-12-02 17:00"


def test_the_promise_ends_exactly_at_closing_time_not_the_next_morning():
    assert local(hours().add_hours(utc("2026-12-01 09:00"), 8)) == "Tue 2026-12-01 17:00"


def test_across_spring_forward_the_wall_clock_hour_is_kept():
    # Friday 12 March 2027, 16:00 EST (21:00 UTC); the clocks go forward on Sunday the 14th.
    start = utc("2027-03-12 16:00")
    due = hours().add_hours(start, 8)
    assert local(due) == "Mon 2027-03-15 16:00"  # EDT
    assert due - start == dt.timedelta(hours=71)  # a calendar hour shorter than three days
    assert hours().hours_between(start, due) == 8


def test_across_fall_back_the_wall_clock_hour_is_kept():
    # Friday 30 October 2026, 16:00 EDT; the clocks go back on Sunday 1 November.
    start = utc("2026-10-30 16:00")
    due = hours().add_hours(start, 8)
    assert local(due) == "Mon 2026-11-02 16:00"  # EST
    assert due - start == dt.timedelta(hours=73)
    assert hours().hours_between(start, due) == 8


def test_a_working_day_spanning_the_change_counts_real_hours():
    # A Sunday shift 00:00-08:00 on the spring night holds seven real hours, on the fall night nine.
    night = hours(day="00:00-08:00", days="sun")
    spring = night.between(utc("2027-03-14 00:00"), utc("2027-03-14 08:00"))
    fall = night.between(utc("2026-11-01 00:00"), utc("2026-11-01 08:00"))
    assert spring == dt.timedelta(hours=7)
    assert fall == dt.timedelta(hours=9)


def test_the_working_day_is_in_the_configured_time_zone_not_the_members():
    london = hours(zone="Europe/London")
    # 10:00 in Denver on a Tuesday is 17:00 in London: closing time; the answer is due Wednesday.
    start = utc("2026-12-01 10:00", "America/Denver")
    due = london.add_hours(start, 2)
    assert local(due, "Europe/London") == "Wed 2026-12-02 11:00"
    assert local(due, "America/Denver") == "Wed 2026-12-02 04:00"


def test_europe_and_us_change_clocks_on_different_weekends():
    # On Monday 30 March 2026 London is on summer time while New York changed two weeks before.
    london = hours(zone="Europe/London")
    due = london.add_hours(utc("2026-03-27 16:00", "Europe/London"), 8)
    assert local(due, "Europe/London") == "Mon 2026-03-30 16:00"
    assert local(due, "America/New_York") == "Mon 2026-03-30 11:00"


def test_duration_counts_only_working_time():
    week = hours()
    # Friday 16:00 to Monday 10:00: one hour on Friday and one on Monday.
    assert week.hours_between(utc("2026-12-04 16:00"), utc("2026-12-07 10:00")) == 2
    # Saturday to Sunday: none.
    assert week.hours_between(utc("2026-12-05 09:00"), utc("2026-12-06 18:00")) == 0
    # A whole week: five days of eight hours.
    assert week.hours_between(utc("2026-11-30 00:00"), utc("2026-12-07 00:00")) == 40
    # Backwards: nothing.
    assert week.hours_between(utc("2026-12-07 10:00"), utc("2026-12-04 16:00")) == 0


def test_due_time_and_duration_agree():
    week = hours()
    start = utc("2026-12-03 15:17")
    for amount in (0.5, 1, 8, 13.25, 40, 100):
        assert week.hours_between(start, week.add_hours(start, amount)) == pytest.approx(amount)


def test_holidays_and_other_working_weeks():
    with_holiday = hours(CONSULTANT_HOLIDAYS="2026-12-25, 2026-12-28")
    assert local(with_holiday.add_hours(utc("2026-12-24 16:00"), 2)) == "Tue 2026-12-29 10:00"
    sunday_to_thursday = hours(zone="Asia/Jerusalem", days="sun-thu")
    due = sunday_to_thursday.add_hours(utc("2026-12-03 16:00", "Asia/Jerusalem"), 2)
    assert local(due, "Asia/Jerusalem") == "Sun 2026-12-06 10:00"


def test_configuration_is_checked():
    assert parse_days("Mon-Fri") == {0, 1, 2, 3, 4}
    assert parse_days("fri-mon") == {4, 5, 6, 0}
    assert parse_days("mon, wed") == {0, 2}
    assert parse_hours("08:30-16:30") == (dt.time(8, 30), dt.time(16, 30))
    for bad_days in ("", "funday", "mon-xyz"):
        with pytest.raises(BusinessHoursError):
            parse_days(bad_days)
    for bad_hours in ("9-5", "17:00-09:00", "nine to five"):
        with pytest.raises(BusinessHoursError):
            parse_hours(bad_hours)
