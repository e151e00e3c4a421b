"""Anchoring (forankring): each group's stakeholder map — sideways, upwards, downwards."""
