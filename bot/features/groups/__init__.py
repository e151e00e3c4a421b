"""Groups: setting up a group in a channel, joining it, sectors, languages, roles and the welcome."""
