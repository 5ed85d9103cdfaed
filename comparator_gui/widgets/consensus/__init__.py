"""File → Compare with another copy…: two reviewers' copies compared and consolidated."""
