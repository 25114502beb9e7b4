export * from './reader';
export * from './incident-row';
export * from './incidents';
