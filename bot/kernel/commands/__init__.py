"""What people ask the bot: the `/samskaping` parser, the registry the features declare into, and the router."""
