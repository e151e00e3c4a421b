"""Audit: what coordinators, leads and mentors did, recorded after each command and shown by `logg`."""
