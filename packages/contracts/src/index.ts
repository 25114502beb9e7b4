export * from './time';
export * from './audit-event';
export * from './identity-event';
export * from './anomaly';
export * from './isolation-alert';
export * from './enriched-event';
export * from './topics';
export * from './json-schemas';
