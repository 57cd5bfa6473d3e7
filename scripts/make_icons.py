"""Draw the app icons (pwa/icons/*.png, favicon.ico) with Pillow: a gold star over three people.

Run from the repo root: `.venv/bin/python scripts/make_icons.py`. The PNGs are committed;
run this again only when the design changes.
"""
import math
from pathlib import Path

from PIL import Image, ImageDraw

RED = (200, 22, 29, 255)
GOLD = (246, 195, 67, 255)
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4
# A flat design needs few colours: a 64-colour palette is a quarter of the bytes of full
# colour with no visible change (the 192-px icon is on the login screen of a 2G first load).
PALETTE_COLOURS = 64
OUT = Path(__file__).resolve().parent.parent / "pwa" / "icons"


def star_points(cx, cy, outer, inner, points=5):
    """Corners of a star centred on (cx, cy), one tip straight up."""
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / points
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners


def person(draw, cx, top, scale, outline=0):
    """A head over a dome of shoulders, in white; outline (red) sets it off from neighbours."""
    head = 0.1 * scale
    width, height = 0.2 * scale, 0.19 * scale
    shoulders = top + 2 * head + 0.035 * scale
    layers = ((outline, RED), (0, WHITE)) if outline else ((0, WHITE),)
    for grow, colour in layers:
        draw.ellipse([cx - head - grow, top - grow, cx + head + grow, top + 2 * head + grow],
                     fill=colour)
        draw.pieslice([cx - width - grow, shoulders - grow, cx + width + grow,
                       shoulders + 2 * height + grow], 180, 360, fill=colour)


def emblem(draw, cx, cy, scale):
    """The design, fitting in a circle of diameter `scale` around (cx, cy)."""
    draw.polygon(star_points(cx, cy - 0.29 * scale, 0.14 * scale, 0.058 * scale), fill=GOLD)
    for dx in (-0.24, 0.24):
        person(draw, cx + dx * scale, cy - 0.04 * scale, scale * 0.82)
    person(draw, cx, cy - 0.1 * scale, scale, outline=0.035 * scale)


def draw_icon(size, maskable=False, rounded=True):
    """One square icon; maskable keeps the emblem inside the central safe circle."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded and not maskable:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=int(big * 0.2), fill=RED)
    else:
        draw.rectangle([0, 0, big, big], fill=RED)
    scale = big * (0.62 if maskable else 0.8)
    emblem(draw, big / 2, big / 2 + big * 0.02, scale)
    return image.resize((size, size), Image.LANCZOS)


def save_png(image, path):
    """Write an icon as a palette PNG (transparency kept), compressed as far as zlib goes."""
    palette = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE,
                             dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def main():
    """Write every icon the manifest, index.html and the shell routes refer to."""
    OUT.mkdir(parents=True, exist_ok=True)
    save_png(draw_icon(192), OUT / "icon-192.png")
    save_png(draw_icon(512), OUT / "icon-512.png")
    save_png(draw_icon(512, maskable=True), OUT / "icon-maskable-512.png")
    save_png(draw_icon(180, rounded=False).convert("RGB"), OUT / "apple-touch-icon.png")
    draw_icon(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(OUT.parent.parent), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
