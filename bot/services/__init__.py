"""Use cases: async functions named by a verb; they do the I/O around the pure rules in `core`."""
