import { z } from 'zod';

/** Schemas used by several parts of the contract. */
export const Id = z.number().int().positive();
