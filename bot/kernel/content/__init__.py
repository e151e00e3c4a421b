"""Content as data: UI texts, prompts, schedules and glossaries, loaded and validated."""
