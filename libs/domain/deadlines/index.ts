export * from './deadline-clock';
