import { CreateCases1764300000000 } from './1764300000000-create-cases';
import { ReferenceData1764300100000 } from './1764300100000-reference-data';

/** Every migration in order; add new ones at the end. */
export const ALL_MIGRATIONS = [CreateCases1764300000000, ReferenceData1764300100000];
