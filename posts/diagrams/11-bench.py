"""11-bench.py: post 11's benchmark chart, the median cycles per operation of each
allocator on each trace, drawn from the `make bench` run whose output the post shows
(its output block saves it in 11-allocators/build/bench.txt)."""
import bench_chart

# 4 traces: glibc and the 3 allocators on the host, the 3 in the kernel.
BENCH_LINES = 4 * (4 + 3)

bench_chart.main(["11-allocators/build/bench.txt", "--expect", str(BENCH_LINES),
                  "--title", "Median cycles per operation (shorter is faster; each panel "
                  "has its own scale)"])
