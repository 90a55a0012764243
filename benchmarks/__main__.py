"""`python -m benchmarks [--sizes 100,1000] ...`: what `make bench` runs."""

from benchmarks.cli import main

main()
