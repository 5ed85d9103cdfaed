"""Curation: building and checking records (evidence, values, notes, sources, studies), undo and saving."""
