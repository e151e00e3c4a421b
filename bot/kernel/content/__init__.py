"""Content as data: the UI texts in nb/nn/en, and YAML loading that explains errors as file:line: reason."""
