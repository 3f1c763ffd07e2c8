"""Test helpers: read-back of EPUBs and PDFs, strategies, toy plugins, shared paths."""
