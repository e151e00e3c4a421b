"""The programme: schedules of gatherings, prompts and milestones, the prompt library, a group's calendar."""
