export * from './civil-date';
export * from './lunar-calendar';
export * from './vietnam-holidays';
export * from './working-calendar';
