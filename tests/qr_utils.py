"""Decode the inline SVG QR codes segno writes, without an SVG renderer.

segno draws each dark run as `hN` along a row, moving with `mDX DY`; we paint those runs into a
Pillow bitmap and let zxing-cpp read it like a phone camera would.
"""

import re

from PIL import Image, ImageDraw


def svg_to_image(svg, module_px=8):
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = float(re.search(r"scale\(([\d.]+)\)", svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    modules = int(size / scale)
    image = Image.new("L", (modules * module_px, modules * module_px), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            length = numbers[0]
            row = int(y)
            draw.rectangle(
                [x * module_px, row * module_px, (x + length) * module_px - 1, (row + 1) * module_px - 1], fill=0
            )
            x += length
    return image


def decode_svg(svg):
    import zxingcpp

    results = zxingcpp.read_barcodes(svg_to_image(svg))
    return results[0].text if results else None


def decode_screenshot(png):
    """The text of the QR code in a screenshot of the code's element, as a phone camera reads it:
    enlarged without smoothing and with a white margin, since an element screenshot may crop
    the quiet zone. None when it does not decode."""
    import io

    import zxingcpp

    shot = Image.open(io.BytesIO(png)).convert("L")
    shot = shot.resize((shot.width * 4, shot.height * 4), Image.NEAREST)
    padded = Image.new("L", (shot.width + 80, shot.height + 80), 255)
    padded.paste(shot, (40, 40))
    results = zxingcpp.read_barcodes(padded)
    return results[0].text if results else None
