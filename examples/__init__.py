"""Runnable examples. A package, not a namespace: pysbd installs a top-level ``examples``
package of its own, which would otherwise shadow this folder on import."""
