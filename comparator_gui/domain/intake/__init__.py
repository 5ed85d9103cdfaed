"""Intake: reading new articles (PDF, web pages, text, reference-manager files)
into sources, telling which study an article reports, and pointing to the
sentences that may hold each field's evidence. No Qt."""
