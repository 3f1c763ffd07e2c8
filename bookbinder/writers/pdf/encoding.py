"""reportlab's PDFDocEncoding of the document's text, with a fast path for plain ASCII.

reportlab writes every content stream, name and number through ``pdfdocEnc``, which encodes with
its own Python-registered charmap codec: about 1.8 ms for 30 KB, most of it for page streams that
are plain ASCII (text is in font subsets, written as escaped bytes). PDFDocEncoding maps ASCII to
the same bytes except 0x18-0x1F (accents there), so ASCII without those is encoded as ASCII and
everything else still goes through reportlab's codec: the bytes are the same either way.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.pdfbase import pdfdoc

_SLOW = re.compile("[\x18-\x1f]")  # ASCII that PDFDocEncoding maps elsewhere (or not at all)
_REPORTLAB = pdfdoc.pdfdocEnc


def pdfdoc_encode(text: Any) -> Any:
    """``text`` in PDFDocEncoding (bytes pass through), as reportlab's ``pdfdocEnc``."""
    if type(text) is str and text.isascii() and not _SLOW.search(text):
        return text.encode("ascii")
    return _REPORTLAB(text)


pdfdoc.pdfdocEnc = pdfdoc_encode  # pdfdoc's format() looks the name up at each call
