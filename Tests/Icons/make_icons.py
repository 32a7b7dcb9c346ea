#!/usr/bin/env python3
"""Draws SitLess's icons into Sources/SitLessServer/Resources/Public: favicon.svg (the mark),
and from the same shapes apple-touch-icon.png (180x180, square: iOS rounds the corners) and
favicon.ico (16, 32 and 48 px). The mark is a person standing up, white on the brand green.
Needs Pillow; run once after changing the mark and commit what it writes."""
import os
from PIL import Image, ImageDraw

GREEN, WHITE = "#1f6f5c", "#ffffff"
HEAD = (32, 15, 6.5)                                   # centre x, y and radius, in a 64 x 64 box
STROKES = [((32, 25), (32, 42)), ((32, 42), (24, 56)), ((32, 42), (40, 56)),   # body and legs
           ((20, 32), (32, 27)), ((32, 27), (44, 32))]                          # arms
WIDTH = 6
public = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "SitLessServer", "Resources", "Public")

def svg():
    path = " ".join(f"M{a[0]} {a[1]}L{b[0]} {b[1]}" for a, b in STROKES)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
            f'<rect width="64" height="64" rx="14" fill="{GREEN}"/>'
            f'<circle cx="{HEAD[0]}" cy="{HEAD[1]}" r="{HEAD[2]}" fill="{WHITE}"/>'
            f'<path d="{path}" stroke="{WHITE}" stroke-width="{WIDTH}" stroke-linecap="round" stroke-linejoin="round" fill="none"/>'
            f'</svg>\n')

def bitmap(size, rounded):
    scale = size * 4 / 64                               # drawn 4x larger, then reduced: smooth edges
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)
    d.rounded_rectangle([0, 0, size * 4 - 1, size * 4 - 1], radius=14 * scale if rounded else 0, fill=GREEN)
    x, y, r = (v * scale for v in HEAD)
    d.ellipse([x - r, y - r, x + r, y + r], fill=WHITE)
    w = WIDTH * scale
    for a, b in STROKES:
        d.line([tuple(v * scale for v in a), tuple(v * scale for v in b)], fill=WHITE, width=round(w))
        for px, py in (a, b):                           # round caps and joins
            d.ellipse([px * scale - w / 2, py * scale - w / 2, px * scale + w / 2, py * scale + w / 2], fill=WHITE)
    return big.resize((size, size), Image.LANCZOS)

if __name__ == "__main__":
    open(os.path.join(public, "favicon.svg"), "w").write(svg())
    bitmap(180, rounded=False).convert("RGB").save(os.path.join(public, "apple-touch-icon.png"), optimize=True)
    bitmap(48, rounded=True).save(os.path.join(public, "favicon.ico"), sizes=[(16, 16), (32, 32), (48, 48)])
    print("wrote favicon.svg, apple-touch-icon.png, favicon.ico in", os.path.normpath(public))
