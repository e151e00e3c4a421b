"""Privacy: members pause themselves, choose reminders, export everything about them and erase it."""
