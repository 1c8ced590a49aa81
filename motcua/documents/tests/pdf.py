"""Read back what WeasyPrint wrote: page sizes, the document title and the images each page draws.

pdftotext is not part of the toolchain and the PDF's text is glyph codes, so the tests read the text from the HTML
the PDF is printed from; the PDF itself is checked for its paper, its metadata and the QR image on every page.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

POINTS_PER_MM = 72 / 25.4


@dataclass
class DrawnImage:
    image: Image.Image
    x_mm: float
    y_mm: float


@dataclass
class PdfPage:
    width_mm: float
    height_mm: float
    images: list[DrawnImage]


def _png(width: int, height: int, colours: int, filtered: bytes) -> Image.Image:
    """Wrap a Flate stream with PNG predictors back into a PNG file: its IDAT is exactly that stream."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    colour_type = {1: 0, 3: 2}[colours]
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", filtered) + chunk(b"IEND", b"")
    return Image.open(io.BytesIO(data)).convert("RGB")


# WeasyPrint draws an image as: "1 0 0 1 <x> <y> cm" (its box's origin, CSS px from the top left) … "<name> Do".
_DRAW = re.compile(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm\s+q\s+[\d.]+ 0 0 -[\d.]+ 0 [\d.]+ cm\s+/(\w+) Do")
PX_PER_MM = 96 / 25.4


def read_pdf(content: bytes) -> tuple[dict[str, str], list[PdfPage]]:
    """The document information (title, producer) and every page."""
    reader = PdfFileReader(io.BytesIO(content))
    info = {str(key): str(value) for key, value in reader.trailer["/Info"].items()}
    pages = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        left, bottom, right, top = (float(value) for value in page["/MediaBox"])
        xobjects = page["/Resources"].get("/XObject", {})
        stream = page["/Contents"].get_object().data
        images = []
        for x, y, name in _DRAW.findall(stream):
            xobject = xobjects["/" + name.decode()].get_object()
            if xobject["/Subtype"] != "/Image":
                continue
            parameters = xobject["/DecodeParms"]
            image = _png(
                int(xobject["/Width"]), int(xobject["/Height"]), int(parameters["/Colors"]), xobject.encoded_data
            )
            images.append(DrawnImage(image, float(x) / PX_PER_MM, float(y) / PX_PER_MM))
        pages.append(PdfPage((right - left) / POINTS_PER_MM, (top - bottom) / POINTS_PER_MM, images))
    return info, pages
