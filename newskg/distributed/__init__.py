"""The build on a Dask cluster: extraction tasks over partitions, resolution as dataframe aggregations."""
