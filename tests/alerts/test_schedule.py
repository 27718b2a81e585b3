"""08:00 in the user's zone, daily or weekly, on both sides of daylight-saving changes."""

from __future__ import annotations

from portal.alerts.models import Frequency
from portal.alerts.schedule import latest_slot, next_slot, slot_on
from tests.alerts.conftest import at

NEW_YORK = "America/New_York"


def test_eight_in_the_morning_in_new_york_moves_in_utc_with_daylight_saving():
    # Spring forward on 2026-03-08, fall back on 2026-11-01.
    assert slot_on(at("2026-03-07").date(), NEW_YORK) == at("2026-03-07 13:00")
    assert slot_on(at("2026-03-08").date(), NEW_YORK) == at("2026-03-08 12:00")
    assert slot_on(at("2026-10-31").date(), NEW_YORK) == at("2026-10-31 12:00")
    assert slot_on(at("2026-11-01").date(), NEW_YORK) == at("2026-11-01 13:00")


def test_daily_slots_across_the_changes_are_a_day_apart_in_local_time():
    after = at("2026-03-07 13:00")
    assert next_slot(after, NEW_YORK, Frequency.DAILY, 0) == at("2026-03-08 12:00")
    after = at("2026-10-31 12:00")
    assert next_slot(after, NEW_YORK, Frequency.DAILY, 0) == at("2026-11-01 13:00")
    # Just before and at the send time.
    assert latest_slot(at("2026-11-01 12:59"), NEW_YORK, Frequency.DAILY, 0) == after
    assert latest_slot(at("2026-11-01 13:00"), NEW_YORK, Frequency.DAILY, 0) == at(
        "2026-11-01 13:00"
    )


def test_weekly_slots_fall_on_the_chosen_weekday():
    # 2026-11-30 is a Monday; Wednesday is 2.
    assert next_slot(at("2026-11-30 09:00"), "UTC", Frequency.WEEKLY, 2) == at("2026-12-02 08:00")
    assert next_slot(at("2026-12-02 08:00"), "UTC", Frequency.WEEKLY, 2) == at("2026-12-09 08:00")
    assert latest_slot(at("2026-12-08 23:00"), "UTC", Frequency.WEEKLY, 2) == at("2026-12-02 08:00")


def test_far_zones_and_unknown_zones():
    # Tokyo's 08:00 is the previous day's 23:00 UTC; an unknown zone reads as UTC.
    assert slot_on(at("2026-12-01").date(), "Asia/Tokyo") == at("2026-11-30 23:00")
    assert slot_on(at("2026-12-01").date(), "Not/AZone") == at("2026-12-01 08:00")
