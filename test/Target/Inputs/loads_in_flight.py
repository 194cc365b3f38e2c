"""Prints, for each named .func of a PTX file, the largest number of
16-byte global loads (ld.global.v4) in one straight-line run: no branch or
label between them, so the hardware has them all in flight before the first
use. Usage: loads_in_flight.py KERNEL.ptx FUNC..."""
import re
import sys


def runs(lines):
    best = current = 0
    for line in lines:
        text = line.strip()
        if text.startswith("ld.global.v4"):
            current += 1
            best = max(best, current)
        elif text.startswith("$L") or re.match(r"(@%p\d+ )?bra", text):
            current = 0
    return best


def main():
    text = open(sys.argv[1]).read().splitlines()
    for name in sys.argv[2:]:
        start = next(i for i, l in enumerate(text) if re.search(r"\.func\s.*\b%s\(" % re.escape(name), l))
        end = next(i for i in range(start, len(text)) if text[i] == "}")
        print("%s: %d" % (name, runs(text[start:end])))


main()
