#!/usr/bin/env python3
"""Markdown table of a GPU session: fuser-run's medians (bench/run_gpu_bench.sh
output) next to torch_peers.py's JSON lines, with ratios to the best peer and
to the device copy ceiling measured in the same session.

Usage: make_table.py LOG [LOG...]  (the files holding both outputs)
"""
import json
import re
import sys

# fuser-run workload name -> (torch_peers workload, dtype)
NAMES = {
    "lstm_cell": ("lstm_cell", "torch.float32"),
    "milstm_cell": ("milstm_cell", "torch.float32"),
    "gelu_erf": ("gelu_erf", "torch.float32"),
    "gelu_erf_f16": ("gelu_erf_f16", "torch.float16"),
    "bias_dropout_residual": ("bias_dropout_residual", "torch.float32"),
    "bias_dropout_residual_f16": ("bias_dropout_residual_f16", "torch.float16"),
    "concat3": ("concat3", "torch.float32"),
    "chain16": ("chain16", "torch.float32"),
    "broadcast_bias_relu": ("broadcast_bias_relu", "torch.float32"),
}
# Rows whose cost is arithmetic, not memory traffic (no ceiling target).
COMPUTE_BOUND = {"chain16"}


def main(paths):
    fuser, peers, copy = {}, {}, []
    current = None
    for path in paths:
        for line in open(path, errors="replace"):
            m = re.match(r"== (\S+)$", line.strip())
            if m:
                current = m.group(1)
                continue
            m = re.match(r"bench: median ([0-9.]+) ms .*?([0-9.]+) GB/s", line)
            if m and current in NAMES and current not in fuser:
                fuser[current] = (float(m.group(1)), float(m.group(2)))
                continue
            if line.startswith("{"):
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get("mode") == "copy":
                    copy.append(r["GBps_rw"])
                elif "ms" in r:
                    peers[(r["workload"], r["mode"])] = r
    ceiling = max(copy) if copy else None
    modes = ["eager", "legacy", "nnc", "inductor"]
    print("| workload | fuser ms | fuser GB/s | " + " | ".join(modes) +
          " | best peer | fuser speed vs best | % of copy ceiling |")
    print("|---|" + "---:|" * (len(modes) + 5))
    for name, (workload, _) in NAMES.items():
        if name not in fuser:
            continue
        ms, gbps = fuser[name]
        times = {m: peers[(workload, m)]["ms"] for m in modes
                 if (workload, m) in peers}
        best = min(times.items(), key=lambda kv: kv[1]) if times else None
        cells = [f"{times[m]:.4f}" if m in times else "-" for m in modes]
        ratio = f"{best[1] / ms:.3f}x" if best else "-"
        share = (f"{100 * gbps / ceiling:.1f}%" if ceiling else "-")
        if name in COMPUTE_BOUND:
            share += " (compute-bound)"
        print(f"| {name} | {ms:.4f} | {gbps:.0f} | " + " | ".join(cells) +
              f" | {best[1]:.4f} ({best[0]}) | {ratio} | {share} |"
              if best else f"| {name} | {ms:.4f} | {gbps:.0f} | - |")
    if ceiling:
        print(f"\nDevice copy ceiling in the same session: {ceiling:.0f} GB/s "
              "(read + write).")


if __name__ == "__main__":
    main(sys.argv[1:])
