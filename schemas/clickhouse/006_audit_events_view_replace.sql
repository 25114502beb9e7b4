-- The audit_events view is redefined by 007 to read the raw table FINAL; 18.16 has no CREATE OR REPLACE VIEW.
DROP TABLE IF EXISTS {database}.audit_events
