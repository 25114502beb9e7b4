-- The versioned table takes the name `anomalies`; the old one stays as anomalies_unversioned until 012.
-- skip if: SELECT count() FROM system.columns WHERE database = '{database}' AND table = 'anomalies' AND name = 'version'
RENAME TABLE {database}.anomalies TO {database}.anomalies_unversioned, {database}.anomalies_versioned TO {database}.anomalies
