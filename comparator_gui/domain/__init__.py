"""The domain: records, loading, anchoring and comparison. Never imports Qt."""
