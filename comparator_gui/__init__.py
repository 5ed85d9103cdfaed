"""Study Comparator: studies side by side, every value with its evidence."""

__version__ = "0.1.0"
