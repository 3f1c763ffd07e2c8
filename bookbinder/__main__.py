"""`python -m bookbinder`."""

from .cli import main

main()
