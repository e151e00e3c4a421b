"""Outgoing messages: the outbox, the dispatcher that drains it, and the scheduler that rings the bell."""
