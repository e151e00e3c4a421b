"""Introductions across sectors: pairs (or one trio) of members who have not talked before, on a rhythm."""
