"""What crosses the platform boundary: the chat port and the render-neutral message model."""
