export * from './deadline-clock';
export * from './working-time-left';
