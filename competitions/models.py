"""Models of the competitions app: added by a later issue."""
