"""Platform adapters: Slack, Teams, the local console, and the in-memory chat used by the console and tests."""
