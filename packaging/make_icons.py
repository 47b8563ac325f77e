# SPDX-License-Identifier: GPL-3.0-or-later
"""Draw Bayyina's icon (a seal with the letter ب) as PNG and ICO, and the neutral mode's icon
(a plain sheet of paper, ``documents.png``: nothing of the name or the seal). Run once; outputs
are committed."""

from pathlib import Path

import fontpkg
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> Image.Image:
    s = size / 256
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.ellipse((8 * s, 8 * s, 248 * s, 248 * s), fill=(24, 70, 92, 255))
    d.ellipse((26 * s, 26 * s, 230 * s, 230 * s), outline=(236, 200, 120, 255),
              width=max(1, int(8 * s)))
    # the letter ب in Amiri Bold (an isolated letter needs no shaping)
    font = ImageFont.truetype(fontpkg.path("Amiri", weight=700), int(190 * s),
                              layout_engine=ImageFont.Layout.BASIC)
    d.text((128 * s, 118 * s), "\u0628", font=font, fill=(250, 246, 236, 255), anchor="mm")
    return im


def draw_neutral(size: int) -> Image.Image:
    """A grey page with a folded corner and four lines: any documents program."""
    s = size / 256
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    page = [(56 * s, 20 * s), (164 * s, 20 * s), (208 * s, 64 * s), (208 * s, 236 * s),
            (56 * s, 236 * s)]
    d.polygon(page, fill=(244, 244, 242, 255), outline=(120, 124, 128, 255))
    d.polygon([(164 * s, 20 * s), (164 * s, 64 * s), (208 * s, 64 * s)],
              fill=(214, 216, 218, 255), outline=(120, 124, 128, 255))
    for i in range(4):
        y = (104 + 32 * i) * s
        d.line((80 * s, y, (184 if i < 3 else 144) * s, y), fill=(150, 154, 158, 255),
               width=max(1, int(10 * s)))
    return im


if __name__ == "__main__":
    draw_neutral(256).save(OUT / "documents.png")
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(OUT / "bayyina.png")
    draw(64).save(OUT / "bayyina-64.png")
    big.save(OUT / "bayyina.ico",
             sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
