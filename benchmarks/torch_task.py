"""The score-function gradient with PyTorch autograd, timed; run by estimator.py in the .venv-bench environment.

    .venv-bench/bin/python benchmarks/torch_task.py K n repeats   ->  one JSON line {"seconds": ..., "gradient": [...]}

The task is the one `score_function_estimate` does: draw n outcomes of softmax(theta), then the gradient of
mean(log p(x|theta) * f(x)) by backward(), f(x) = cos(x).
"""

import json
import statistics
import sys
import time

import torch


def gradient(theta, n, generator):
    theta = theta.detach().requires_grad_(True)
    dist = torch.distributions.Categorical(logits=theta)
    x = torch.multinomial(dist.probs.detach(), n, replacement=True, generator=generator)
    (dist.log_prob(x) * torch.cos(x.double())).mean().backward()
    return theta.grad


def main(k, n, repeats):
    theta = torch.linspace(-1.0, 1.0, k, dtype=torch.float64)
    generator = torch.Generator().manual_seed(0)
    gradient(theta, n, generator)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        grad = gradient(theta, n, generator)
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": statistics.median(times), "gradient": grad.tolist(),
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
