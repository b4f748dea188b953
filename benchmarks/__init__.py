"""Benchmarks of the course's interactive speed: `make bench` runs them and writes benchmarks/results.md."""
