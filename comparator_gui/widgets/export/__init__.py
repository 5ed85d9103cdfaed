"""Export: the comparison as XLSX, CSV, PDF, HTML or Markdown."""
