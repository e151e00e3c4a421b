"""Milestones: dated steps with owners and anchoring checklists, and nudges before they are due."""
