"""The SQL of supervision, one module per part."""
