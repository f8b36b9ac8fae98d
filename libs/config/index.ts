export * from './app-config';
export * from './auth-config';
export * from './config.module';
