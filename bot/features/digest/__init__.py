"""Digest: the weekly digest for project leads and mentors, the HTML report and the research export."""
