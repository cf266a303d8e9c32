"""The Normal equation page's trust in the closed form."""
