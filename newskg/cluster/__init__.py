"""The cluster build: ``newskg build --cluster local:N|tcp://HOST:PORT`` on Dask.

Extraction runs as Dask tasks over lazily listed partitions
(:mod:`newskg.cluster.partitions`, :mod:`newskg.cluster.tasks`); assembly runs
the functions of :mod:`newskg.graph.assemble` as tasks and Dask dataframe
aggregations (:mod:`newskg.cluster.tables`). Needs ``dask[distributed,dataframe]``
and ``pyarrow`` (dependencies of newskg): :func:`require` says how to install them.
"""

from __future__ import annotations

__all__ = ["require"]


def require() -> None:
    """Raise an ImportError with an install hint when Dask or pyarrow is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"the cluster build needs Dask and pyarrow ({exc}); install them with "
            "pip install 'dask[distributed,dataframe]>=2024.8' 'pyarrow>=15'"
        ) from exc
