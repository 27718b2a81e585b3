"""Personal career consultant: conversations with a promised reply time, and booked calls."""
