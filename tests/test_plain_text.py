"""What is kept of a message people write to each other (portal/plain_text.py)."""

from __future__ import annotations

from portal.plain_text import clean_text


def test_what_a_reader_cannot_see_is_removed_and_what_they_can_stays():
    # A right-to-left override makes "exe.txt" read as "txt.exe"; a zero-width space hides in a
    # word; a bell and an escape sequence are not text.
    written = "  invoice\u202eexe.txt \u200bhello\x07 \x1b[31mred\u2028next\ttab\r\nline\r\n  "
    assert clean_text(written) == "invoiceexe.txt hello [31mrednext\ttab\nline"


def test_the_same_words_are_kept_the_same_way_and_cut_to_the_limit():
    assert clean_text("Cafe\u0301") == "Caf\u00e9"  # NFC
    assert clean_text("x" * 10, limit=4) == "xxxx"
    assert clean_text(None) == ""
