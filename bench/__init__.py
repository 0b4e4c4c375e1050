"""The benchmark (`make bench`): every figure beside a floor measured in the same run, written to bench/results.json
and bench/results.md. See the README's Speed section for the targets and what was measured."""
