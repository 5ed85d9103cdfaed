"""Small PDFs written by hand for the intake tests: text placed exactly where a
test wants it, in the content-stream order it wants, with Helvetica (one of
the 14 standard fonts, so no font file is embedded)."""

from __future__ import annotations

from collections.abc import Sequence

#: (x, y, size, text) in points from the page's lower left; text is Latin-1
#: bytes-as-str for StandardEncoding (code 0xAE is the "fi" ligature glyph).
Run = tuple[float, float, float, str]


def _escape(text: str) -> bytes:
    raw = text.encode("latin-1")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(
    pages: Sequence[Sequence[Run]],
    *,
    info: dict[str, str] | None = None,
    size: tuple[float, float] = (612, 792),
    encrypt: bool = False,
    images_only: bool = False,
) -> bytes:
    """A PDF whose pages hold ``pages``' runs (each drawn with Tj at its place)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids: list[int] = []
    pages_id = len(pages) * 2 + 2 + 1  # placeholder, fixed below
    contents: list[int] = []
    for runs in pages:
        if images_only:
            stream = b"q 100 0 0 100 50 600 cm 0.5 g 0 0 1 1 re f Q"
        else:
            stream = b"".join(
                b"BT /F1 %g Tf %g %g Td (" % (s, x, y) + _escape(t) + b") Tj ET\n" for x, y, s, t in runs
            )
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
        page_ids.append(add(b""))  # filled once the Pages object's number is known
    pages_id = add(b"")
    for content, page in zip(contents, page_ids, strict=True):
        objects[page - 1] = (
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, size[0], size[1], content, font)
        )
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        entries = b" ".join(b"/" + k.encode() + b" (" + _escape(v) + b")" for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    encrypt_id = None
    if encrypt:
        # The standard security handler with a user password that is not empty:
        # no reader can open it without the password.
        encrypt_id = add(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    if encrypt_id:
        trailer += b" /Encrypt %d 0 R /ID [<" % encrypt_id + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def column_lines(x: float, top: float, lines: Sequence[str], size: float = 10, leading: float = 13) -> list[Run]:
    return [(x, top - i * leading, size, line) for i, line in enumerate(lines)]
