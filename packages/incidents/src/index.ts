export * from './advance-incidents';
export * from './group-anomaly';
export * from './apply-action';
export * from './incident-id';
export * from './options';
