"""Models of the welfare app: added by a later issue."""
