"""The parts of the brief scorer; ``evals/score.py`` is its command line."""
