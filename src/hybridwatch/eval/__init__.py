"""Evaluation: the metrics of the field and the benchmarks that report them beside published results."""
