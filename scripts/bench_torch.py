"""The PyTorch peer of `npm run bench` (scripts/bench.ts): the same reference model, data, sizes and
thread counts, timed the same way. The IWAE paper's MNIST model (Burda et al. 2016): encoder
784-200-200-2·50 and decoder 50-200-200-784, tanh, Bernoulli likelihood, N(0, I) prior; Adam with
lr 1e-3, betas (0.9, 0.999), eps 1e-4 as in elbolab's trainVae.

    python scripts/bench_torch.py --case eval --threads 2 --images FILE --n 100 --k 5000
    python scripts/bench_torch.py --case train --objective iwae --k 50 --batch 100 --threads 2 --images FILE --n 1000

FILE holds n binarised images as little-endian float32 rows of 784 (written by bench.ts). Evaluation:
L_k per image in units of 10 images × 500 samples (elbolab's units), log-mean-exp over units.
Training: one epoch over the n images in minibatches. Prints one JSON line: wall and CPU seconds
(time.process_time: all threads of this process) and the throughput.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--case", choices=["eval", "train"], required=True)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--images", required=True)
p.add_argument("--n", type=int, required=True)
p.add_argument("--k", type=int, default=5000)
p.add_argument("--objective", choices=["elbo", "iwae"], default="iwae")
p.add_argument("--batch", type=int, default=100)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
with open(a.images, "rb") as f:
    x_all = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(-1, 784)[:a.n].clone()
D, H, d = 784, 200, 50
encoder = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.Tanh(), torch.nn.Linear(H, H), torch.nn.Tanh(), torch.nn.Linear(H, 2 * d))
decoder = torch.nn.Sequential(torch.nn.Linear(d, H), torch.nn.Tanh(), torch.nn.Linear(H, H), torch.nn.Tanh(), torch.nn.Linear(H, D))
HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def log_weights(x, k):
    """log p(x, h_i) - log q(h_i | x), shape [k, B]."""
    mu, log_sigma = encoder(x).chunk(2, -1)
    eps = torch.randn(k, *mu.shape)
    h = mu + log_sigma.exp() * eps
    log_px = -F.binary_cross_entropy_with_logits(decoder(h), x.expand(k, *x.shape), reduction="none").sum(-1)
    log_ph = (-0.5 * h.pow(2) - HALF_LOG_2PI).sum(-1)
    log_q = (-0.5 * eps.pow(2) - log_sigma - HALF_LOG_2PI).sum(-1)
    return log_px + log_ph - log_q


def objective(x):
    if a.objective == "iwae":
        return torch.logsumexp(log_weights(x, a.k), 0) - math.log(a.k)
    mu, log_sigma = encoder(x).chunk(2, -1)
    h = mu + log_sigma.exp() * torch.randn_like(mu)
    rec = -F.binary_cross_entropy_with_logits(decoder(h), x, reduction="none").sum(-1)
    kl = 0.5 * (mu.pow(2) + (2 * log_sigma).exp() - 1 - 2 * log_sigma).sum(-1)
    return rec - kl


def run_eval():
    m = min(500, a.k)
    chunks = a.k // m
    out = []
    with torch.no_grad():
        for s in range(0, a.n, 10):
            x = x_all[s:s + 10]
            parts = torch.stack([torch.logsumexp(log_weights(x, m), 0) - math.log(m) for _ in range(chunks)])
            out.append(torch.logsumexp(parts, 0) - math.log(chunks))
    return float(torch.cat(out).mean())


def run_train():
    opt = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=1e-3, betas=(0.9, 0.999), eps=1e-4)
    perm = torch.randperm(a.n)
    total = 0.0
    for s in range(0, a.n, a.batch):
        x = x_all[perm[s:s + a.batch]]
        loss = -objective(x).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += float(loss.detach()) * x.shape[0]
    return -total / a.n


if a.case == "train":  # warm-up step (allocations), as elbolab's bench does
    n0, a.n = a.n, min(a.n, a.batch)
    run_train()
    a.n = n0
wall, cpu = time.perf_counter(), time.process_time()
value = run_eval() if a.case == "eval" else run_train()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
work = a.n * a.k if a.case == "eval" else a.n
print(json.dumps({
    "peer": "pytorch", "torch": torch.__version__, "threads": a.threads, "case": a.case,
    "objective": a.objective, "k": a.k, "batch": a.batch, "n": a.n, "seconds": wall, "cpuSeconds": cpu,
    "perSecond": work / wall, "perCpuSecond": work / cpu, "value": value,
}))
