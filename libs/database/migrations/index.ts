import { CreateCases1764300000000 } from './1764300000000-create-cases';

/** Every migration in order; add new ones at the end. */
export const ALL_MIGRATIONS = [CreateCases1764300000000];
