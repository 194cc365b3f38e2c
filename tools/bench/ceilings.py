"""The card's memory ceilings, measured with PyTorch on the GPU machine.

Prints one JSON line: the device, a device-to-device copy's bandwidth
(bytes read + written), and a bf16 GEMV's read bandwidth (cuBLAS via torch.mv),
the streaming-read ceiling a decode step's floor is measured against
(PERF.md). CUDA events, median of 10 after 3 warm-ups, random data.
"""
import json
import statistics

import torch


def median_ms(fn, iters=10, warm=3):
    for _ in range(warm):
        fn()
    times = []
    for _ in range(iters):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        fn()
        e.record()
        e.synchronize()
        times.append(s.elapsed_time(e))
    return statistics.median(times)


def main():
    props = torch.cuda.get_device_properties(0)
    result = {"device": props.name, "sms": props.multi_processor_count}
    a = torch.randn(1 << 30, dtype=torch.bfloat16, device="cuda")  # 2 GiB
    b = torch.empty_like(a)
    result["copy_TBps_rw"] = round(2 * a.numel() * 2 / median_ms(lambda: b.copy_(a)) / 1e9, 3)
    del a, b
    w = torch.randn(262144, 4096, dtype=torch.bfloat16, device="cuda")  # 2 GiB
    x = torch.randn(4096, dtype=torch.bfloat16, device="cuda")
    result["gemv_TBps_read"] = round(w.numel() * 2 / median_ms(lambda: torch.mv(w, x)) / 1e9, 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
