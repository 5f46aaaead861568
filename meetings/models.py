"""Models of the meetings app: added by a later issue."""
