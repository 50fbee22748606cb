import type { SEXES } from '../domain/household';

export type Sex = (typeof SEXES)[number];
