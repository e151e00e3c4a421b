"""The programme: schedules of gatherings, prompts and milestones as data, the prompt library, and a group's calendar."""
