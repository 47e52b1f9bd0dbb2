"""Benchmarks: build speed and page weight, side by side with stock Pelican
(`invoke bench`; the figures are in bench/RESULTS.md)."""
