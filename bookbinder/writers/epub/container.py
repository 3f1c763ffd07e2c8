"""A deterministic OCF container: ebooklib's writer with every zip entry under our control.

ebooklib 0.20 stamps each entry with the wall clock and leaves permissions to the platform, so
two builds of the same book differ in bytes. Here every entry is a ``ZipInfo`` with a fixed date
(the build timestamp), fixed Unix permissions and a fixed creator system, in ebooklib's stable
order, with ``mimetype`` first and stored as OCF requires. This uses ebooklib's private
``_write_*`` methods, hence the ``ebooklib==0.20.*`` pin; the byte-identity test guards upgrades.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ebooklib import epub

_EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)  # the DOS date epoch zip files use
# Already compressed: deflating a 1600x2560 JPEG again costs ~40 ms and saves nothing.
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def zip_date_time(timestamp: datetime) -> tuple[int, int, int, int, int, int]:
    """The zip entry date for ``timestamp`` (UTC, clamped to what zip can store)."""
    moment = max(timestamp.astimezone(UTC), _EARLIEST_ZIP_TIME)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


class _FixedZip(zipfile.ZipFile):
    """A ZipFile whose ``writestr`` gives every entry the same date, permissions and system."""

    date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """Write ``data`` under a fixed-date entry (whatever date or compression was asked for)."""
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            name = zinfo_or_arcname.filename
        else:
            name = zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.create_system = 3  # Unix, whatever the build machine is
        info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
        stored = name == "mimetype" or name.lower().endswith(_STORED_SUFFIXES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        super().writestr(info, data, compresslevel=None if stored else 6)


class DeterministicEpubWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's EpubWriter writing a byte-reproducible zip, with a correct NCX depth."""

    def __init__(self, name: Path, book: epub.EpubBook, options: dict[str, Any], *,
                 timestamp: datetime, ncx_depth: int) -> None:
        super().__init__(str(name), book, options)
        self._date_time = zip_date_time(timestamp)
        self._ncx_depth = ncx_depth

    def _get_ncx(self) -> bytes:
        # ebooklib hard-codes dtb:depth 0; readers use it to size the TOC tree.
        ncx: bytes = super()._get_ncx()
        depth = b'content="%d" name="dtb:depth"' % self._ncx_depth
        return ncx.replace(b'content="0" name="dtb:depth"', depth)

    def _write_opf_file(self, root: Any) -> None:
        # The package's language: DAISY Ace's `epub-lang` rule (serious) wants it on <package>.
        root.attrib["{http://www.w3.org/XML/1998/namespace}lang"] = self.book.language
        super()._write_opf_file(root)

    def write(self) -> None:
        """Write the container: mimetype, container.xml, the OPF, then the items in book order."""
        out = _FixedZip(self.file_name, "w", zipfile.ZIP_DEFLATED)
        out.date_time = self._date_time
        self.out = out
        try:
            out.writestr("mimetype", "application/epub+zip")
            self._write_container()
            self._write_opf()
            self._write_items()
        finally:
            out.close()


def write_epub(target: Path, book: epub.EpubBook, *, timestamp: datetime, ncx_depth: int) -> None:
    """Write ``book`` to ``target`` reproducibly; errors raise instead of ebooklib's silent False."""
    options = {
        "mtime": timestamp.astimezone(UTC),  # ebooklib prints it with a Z: it must really be UTC
        "raise_exceptions": True,
        "epub3_pages": False,  # no page list; it would re-parse every chapter
        "epub3_landmark": False,  # our own nav document carries the landmarks
        "play_order": {"enabled": True, "start_from": 1},
    }
    writer = DeterministicEpubWriter(target, book, options, timestamp=timestamp, ncx_depth=ncx_depth)
    writer.process()
    writer.write()
