"""Samskaping: a chat facilitator for cross-sector co-creation."""
