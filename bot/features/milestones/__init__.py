"""milestones."""
