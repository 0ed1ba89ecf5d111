#!/usr/bin/python3
"""PyTorch counterpart of TrainingSpeedBenchmark: seconds per epoch of LSTM truncated BPTT.

Same problem: 64 sequences x 256 steps, 10 inputs, one LSTM layer of 32, linear head to horizon 5,
MSE, Adam 1e-3, minibatch 64, TBPTT 32 (the state is carried and detached every 32 steps: one update
per chunk, 8 per epoch). Median over timed epochs after warm-up.

Run with Debian's torch:  /usr/bin/python3 bench/torch_training_speed.py --threads 1
"""
import argparse
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--sequences", type=int, default=64)
    p.add_argument("--steps", type=int, default=256)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--epochs", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    n_in, hidden, horizon, tbptt = 10, 32, 5, 32

    lstm = torch.nn.LSTM(n_in, hidden, batch_first=True)
    head = torch.nn.Linear(hidden, horizon)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.randn(a.sequences, a.steps, n_in)
    y = torch.randn(a.sequences, a.steps, horizon)

    def epoch():
        for b0 in range(0, a.sequences, a.batch):
            xb, yb = x[b0:b0 + a.batch], y[b0:b0 + a.batch]
            state = None
            for t0 in range(0, a.steps, tbptt):
                out, state = lstm(xb[:, t0:t0 + tbptt], state)
                loss = loss_fn(head(out), yb[:, t0:t0 + tbptt])
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 5.0 * a.steps)  # same kind of clip, inactive
                opt.step()
                state = tuple(s.detach() for s in state)

    for _ in range(a.warmup):
        epoch()
    times, cpu = [], []
    for _ in range(a.epochs):
        t, c = time.perf_counter(), time.process_time()
        epoch()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    med = statistics.median(times)
    print(f"torch {torch.__version__} threads={a.threads} sequences={a.sequences} steps={a.steps} "
          f"batch={a.batch} nIn={n_in} hidden={hidden} horizon={horizon} tbptt={tbptt}")
    print(f"median {med:.4f} s/epoch (min {min(times):.4f}, max {max(times):.4f}, {a.epochs} epochs after "
          f"{a.warmup} warm-up); {med / (a.sequences * a.steps) * 1e6:.1f} us per sequence-step; "
          f"process CPU median {statistics.median(cpu):.4f} s/epoch (min {min(cpu):.4f})")


if __name__ == "__main__":
    main()
