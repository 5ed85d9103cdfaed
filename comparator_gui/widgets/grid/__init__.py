"""The comparison grid: studies × fields, its find bar and filters, and the
panel that chooses and orders the studies and fields shown."""
