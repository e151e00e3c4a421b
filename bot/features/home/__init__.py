"""A person's own page (Slack App Home, a Teams personal tab): open prompts, own reflections and settings."""
