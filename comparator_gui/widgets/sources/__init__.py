"""The source pane: the selected study's sources with their quotes highlighted."""
