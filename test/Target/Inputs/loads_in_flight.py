"""Prints, for each named .func of a PTX file, the largest number of
16-byte global loads (ld.global.v4) the hardware has in flight at once in
PTX order: a run of them in straight-line code (no branch or label), ended
by the first instruction that reads a register one of them loads (it waits
for that load). Usage: loads_in_flight.py KERNEL.ptx FUNC..."""
import re
import sys

REG = re.compile(r"%[a-z]+\d+")


def runs(lines):
    best = 0
    pending = set()  # registers loaded by the current run, not yet read
    count = 0
    for line in lines:
        text = line.strip()
        if not text or text.startswith("//"):
            continue
        if text.startswith("$L") or re.match(r"(@%p\d+ )?bra", text):
            pending, count = set(), 0
            continue
        opcode, _, operands = text.partition(" ")
        if opcode.startswith("@"):
            opcode, _, operands = operands.strip().partition(" ")
        if opcode.startswith("st.") or opcode.startswith("red."):
            sources = operands
        else:  # the destination (a register or a {vector}) comes first
            sources = re.sub(r"^\s*(\{[^}]*\}|[^,]*),", "", operands, count=1)
        if pending & set(REG.findall(sources)):
            pending, count = set(), 0
        if opcode.startswith("ld.global.v4"):
            dest = re.match(r"\s*\{([^}]*)\}", operands)
            pending |= set(REG.findall(dest.group(1))) if dest else set()
            count += 1
            best = max(best, count)
    return best


def main():
    text = open(sys.argv[1]).read().splitlines()
    for name in sys.argv[2:]:
        # A library body and every copy of it specialized to a device body
        # (name_b<N>): the fewest loads in flight among them.
        pattern = re.compile(r"\.func\s.*\b%s(_b[0-9]+)?\(" % re.escape(name))
        starts = [i for i, l in enumerate(text) if pattern.search(l)]
        if not starts:
            sys.exit("%s: no function %s" % (sys.argv[1], name))
        counts = []
        for start in starts:
            end = next(i for i in range(start, len(text)) if text[i] == "}")
            counts.append(runs(text[start:end]))
        print("%s: %d" % (name, min(counts)))


main()
