"""What people ask the bot: the `/samskaping` parser, the command table and the router."""
