"""Prompts: the between-meeting work — programmes, posting prompts, answers, reminders and summaries."""
