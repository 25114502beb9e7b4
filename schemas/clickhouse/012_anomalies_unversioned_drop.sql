-- Every row of the old table is in `anomalies` now (009 and 011).
DROP TABLE IF EXISTS {database}.anomalies_unversioned
