"""Prints "fits" when the SVG drawing argv[1] is at most argv[2] points wide
and argv[3] points high, else its size."""
import re
import sys

svg = open(sys.argv[1]).read()
size = re.search(r'<svg width="(\d+)pt" height="(\d+)pt"', svg)
width, height = int(size.group(1)), int(size.group(2))
fits = width <= int(sys.argv[2]) and height <= int(sys.argv[3])
print("fits" if fits else f"{width} x {height} points")
