"""reportlab's URL pattern, deferred by bookbinder.writers.pdf.lazyre, matches as the real one."""

from __future__ import annotations

import re
import subprocess
import sys

from bookbinder.writers.pdf.lazyre import LazyPattern

URLS = ["https://example.com/a/b?c=1#d", "http://192.168.0.1:8080/x", "ftp://xn--bcher-kva.example/",
        "HTTPS://EXAMPLE.ORG", "https://ÿóú.com/path", "mailto:someone", "not a url", "https://-bad-.com"]


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    pattern = "(^(?:[a-z0-9\\.\\-\\+]*)://)([a-z\xa1-\uffff0-9.-]+)(?:[/?#][^\\s]*)?\\Z"
    lazy, real = LazyPattern(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE)
    for url in URLS:
        found, expected = lazy.match(url), real.match(url)
        assert (found and found.groups()) == (expected and expected.groups()), url
    assert lazy.pattern == real.pattern and lazy.flags == real.flags


def test_the_pdf_writer_defers_reportlabs_url_pattern_and_restores_re_compile() -> None:
    code = """
import re
import sys
compile_before = re.compile
import bookbinder.writers.pdf
import reportlab.platypus.paragraph as paragraph
real = re.compile(paragraph.uri_pat.pattern, re.I)
assert type(paragraph.uri_pat).__name__ == "LazyPattern"
assert re.compile is compile_before
urls = sys.argv[1:]
assert [m and m.groups() for m in map(paragraph.uri_pat.match, urls)] == [
    m and m.groups() for m in map(real.match, urls)]
"""
    subprocess.run([sys.executable, "-c", code, *URLS], check=True, capture_output=True, timeout=120)
