"""Writes a task-level program that measures the cost of a cross-worker
dependency edge (PERF.md's bar: <= 1 us): N empty tasks alternating between
two workers, each waiting for the previous one's event, so a step is N edges
in a row and ms/step / N is one edge (signal, wait, wake-up and the walker's
per-task work). Usage: edge_chain.py N TARGET > chain.mlir"""
import sys


def main():
    n, target = int(sys.argv[1]), sys.argv[2]
    if n < 2:
        sys.exit("edge_chain.py: N must be at least 2")
    print("// %d empty tasks alternating between two workers, each waiting for the" % n)
    print("// previous: written by tools/bench/edge_chain.py.")
    print('tile.program @chain device(0) target("%s") workers(2) {' % target)
    for k in range(n):
        print("  %%e%d = tile.event @e%d target(1) scope(gpu)" % (k, k))
    for k in range(n):
        waits = " waits(%%e%d)" % (k - 1) if k else ""
        print("  tile.task @t%d worker(%d) order(%d)%s signals(%%e%d) {" % (k, k % 2, k // 2, waits, k))
        print("  }")
    print("}")


main()
