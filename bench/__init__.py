"""Benchmarks of motcua, run by ``make bench`` (``python -m bench``).

They are not tests: speed and memory are measured here, each figure beside a baseline measured in the same run on
the same machine and database, so that results compare across machines as ratios.
"""
