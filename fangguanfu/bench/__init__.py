"""Load generation and benchmarks (`generate_load`, `run_bench`).

Kept apart from the apps: nothing here is imported by the running site.
"""
