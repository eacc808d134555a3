"""Letters and summaries: a document model and its PDF and DOCX renderers. No Qt."""
