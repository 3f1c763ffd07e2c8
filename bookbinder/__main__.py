"""`python -m bookbinder`."""

from bookbinder.cli import main

main()
