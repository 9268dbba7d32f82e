"""Make a small TrueType-outline CJK font from Debian's Noto Sans CJK, for test fixtures.

    python3 -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install fonttools==4.68.0
    /tmp/ftvenv/bin/python scripts/cjk_font_subset_ttf.py \
        --output /tmp/fontfix/NotoSansCJKsc-subset.ttf

reportlab embeds TrueType (``glyf``) fonts only, and the Noto CJK fonts of the Debian package
``fonts-noto-cjk`` are CFF-based and packed in a collection
(``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``). This script takes one face of
the collection (default: index 2, Noto Sans CJK SC), keeps the glyphs of the characters the
sample text uses (plus digits, ASCII and the few marks ``scripts/render_sample_pdf.py`` adds),
turns the cubic CFF outlines into quadratic TrueType ones and writes a ``.ttf``. The ``head``
table's font bounding box is kept as in the full font (-1002 -1048 2928 1808), not recomputed
from the kept glyphs: ``render_sample_pdf.py --descent-from-bbox`` takes Ascent and Descent
from it.

It needs fontTools, which is not a project dependency (hence the separate venv above). The
font is under the SIL Open Font License 1.1 (see ``/usr/share/doc/fonts-noto-cjk/copyright``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "raw" / "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"
COLLECTION = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
EXTRA = "".join(chr(c) for c in range(0x20, 0x7F)) + "—“”（）：" + "公开表年度部门决算"
MAXP_ZEROED = (
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
    "maxComponentDepth",
    "maxPoints",
    "maxContours",
    "maxCompositePoints",
    "maxCompositeContours",
)


def convert(collection: Path, index: int, text: str, output: Path) -> TTFont:
    """Subset face ``index`` of ``collection`` to the characters of ``text`` (and EXTRA),
    with TrueType outlines, written to ``output``."""
    font = TTCollection(str(collection)).fonts[index]
    options = subset.Options()  # recalc_bounds is off: head keeps the full font's bbox
    options.desubroutinize = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in text + EXTRA if c not in "\t\r\n"}))
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for glyph in glyf.glyphs.values():
        glyph.recalcBounds(glyf)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attribute in MAXP_ZEROED:
        setattr(maxp, attribute, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    font.recalcBBoxes = False
    font.recalcTimestamp = False  # head.modified as in Noto: the same bytes every run
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return TTFont(str(output))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--collection", type=Path, default=COLLECTION, help="a CFF .ttc/.otc")
    parser.add_argument("--index", type=int, default=2, help="the face (2: Noto Sans CJK SC)")
    parser.add_argument("--source", type=Path, default=SOURCE, help="text whose characters to keep")
    parser.add_argument("--output", type=Path, required=True, help="the .ttf to write")
    args = parser.parse_args(argv)
    text = args.source.read_text(encoding="utf-8")
    font = convert(args.collection, args.index, text, args.output)
    head = font["head"]
    print(
        f"{font['name'].getDebugName(4)}: {len(font.getGlyphOrder())} glyphs, head bbox "
        f"{head.xMin} {head.yMin} {head.xMax} {head.yMax}; "
        f"wrote {args.output} ({args.output.stat().st_size} bytes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
