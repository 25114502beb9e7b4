export * from './reader';
export * from './incident-row';
export * from './incidents';
export * from './anomalies';
export * from './agent';
export * from './pipeline-counts';
export * from './overview';
