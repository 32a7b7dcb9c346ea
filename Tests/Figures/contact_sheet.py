#!/usr/bin/env python3
"""Contact sheet of every exercise's demonstration, for a person to look at.

Renders each built-in exercise with the built `sitless` binary (`sitless exercise ID --stills`
and `--svg`), then lays the still frames into PNG pages a reviewer can open:

    out/figures/contact-sheet-1.png ...   8 exercises a page, each at about phone width
    out/figures/contact-sheet.png          all of them on one tall page
    out/figures/ID.svg, ID-animated.svg    the drawings themselves
    out/figures/sizes.txt                  bytes of every animated SVG

Usage: python3 Tests/Figures/contact_sheet.py [--binary PATH] [--out DIR] [IDS ...]

Needs rsvg-convert (Debian package librsvg2-bin) to turn SVG into PNG. The binary defaults to
.build-figures/debug/sitless, then .build/debug/sitless.
"""
import argparse
import html
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CELL_W, CELL_H, LABEL_H, COLUMNS, PER_PAGE = 640, 250, 22, 2, 8


def find_binary(given):
    candidates = [given] if given else [os.path.join(ROOT, ".build-figures/debug/sitless"),
                                        os.path.join(ROOT, ".build/debug/sitless")]
    for path in candidates:
        if path and os.path.exists(path):
            return path
    sys.exit("no sitless binary found; build with `swift build --scratch-path .build-figures` or pass --binary")


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True)


def sheet(cells, path_svg, path_png, out_dir):
    rows = (len(cells) + COLUMNS - 1) // COLUMNS
    width, height = COLUMNS * CELL_W, rows * (CELL_H + LABEL_H)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>']
    for i, (exercise, svg_name, note) in enumerate(cells):
        x, y = (i % COLUMNS) * CELL_W, (i // COLUMNS) * (CELL_H + LABEL_H)
        parts.append(f'<rect x="{x + 2}" y="{y + 2}" width="{CELL_W - 4}" height="{CELL_H + LABEL_H - 4}" '
                     f'fill="none" stroke="#ddd"/>')
        label = html.escape(f"{exercise['name']}  ({exercise['id']})")
        parts.append(f'<text x="{x + 10}" y="{y + 16}" font-family="sans-serif" font-size="13" fill="#222">{label}</text>')
        if svg_name:
            parts.append(f'<image x="{x + 6}" y="{y + LABEL_H}" width="{CELL_W - 12}" height="{CELL_H - 6}" '
                         f'xlink:href="{svg_name}" href="{svg_name}" preserveAspectRatio="xMidYMid meet"/>')
        else:
            parts.append(f'<text x="{x + CELL_W / 2}" y="{y + LABEL_H + CELL_H / 2}" text-anchor="middle" '
                         f'font-family="sans-serif" font-size="13" fill="#999">{html.escape(note)}</text>')
    parts.append('</svg>')
    with open(path_svg, "w") as f:
        f.write("\n".join(parts))
    subprocess.run(["rsvg-convert", "--unlimited", "-o", path_png, path_svg], check=True, cwd=out_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary")
    parser.add_argument("--out", default=os.path.join(ROOT, "out", "figures"))
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    if not shutil.which("rsvg-convert"):
        sys.exit("rsvg-convert is missing: apt-get install librsvg2-bin")
    binary = find_binary(args.binary)
    os.makedirs(args.out, exist_ok=True)
    listing = run(binary, "exercises", "--json")
    if listing.returncode != 0:
        sys.exit(listing.stderr)
    exercises = json.loads(listing.stdout)
    if args.ids:
        exercises = [e for e in exercises if e["id"] in args.ids]
    cells, sizes, missing, broken = [], [], [], []
    for exercise in exercises:
        ident = exercise["id"]
        stills = os.path.join(args.out, f"{ident}.svg")
        animated = os.path.join(args.out, f"{ident}-animated.svg")
        result = run(binary, "exercise", ident, "--stills", stills, "--svg", animated)
        if result.returncode == 0:
            cells.append((exercise, f"{ident}.svg", ""))
            sizes.append((ident, os.path.getsize(animated), os.path.getsize(stills)))
        else:
            message = result.stderr.strip()
            if "no demonstration" in message:
                missing.append(ident)
                cells.append((exercise, None, "no demonstration yet"))
            else:
                broken.append((ident, message))
                cells.append((exercise, None, "cannot be drawn: " + message[:80]))
    pages = [cells[i:i + PER_PAGE] for i in range(0, len(cells), PER_PAGE)]
    for number, page in enumerate(pages, start=1):
        sheet(page, os.path.join(args.out, f"contact-sheet-{number}.svg"),
              os.path.join(args.out, f"contact-sheet-{number}.png"), args.out)
    sheet(cells, os.path.join(args.out, "contact-sheet.svg"), os.path.join(args.out, "contact-sheet.png"), args.out)
    with open(os.path.join(args.out, "sizes.txt"), "w") as f:
        for ident, animated_bytes, stills_bytes in sizes:
            f.write(f"{ident}\t{animated_bytes}\t{stills_bytes}\n")
    print(f"{len(sizes)} drawn, {len(missing)} without a demonstration, {len(broken)} broken")
    if sizes:
        largest = max(sizes, key=lambda s: s[1])
        print(f"largest animated SVG: {largest[0]} {largest[1]} bytes")
    for ident, message in broken:
        print(f"broken: {ident}: {message}")
    print(f"pages: {', '.join(os.path.join(args.out, f'contact-sheet-{n}.png') for n in range(1, len(pages) + 1))}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
