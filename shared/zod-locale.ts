import { z } from 'zod';

/**
 * Zod's own messages in Vietnamese, for every check the contract states without a message of its
 * own (a field sent by another program than the screens, a value of the wrong type). Imported by
 * the contract (the core's side) and by the renderer's entry, before any input is checked.
 */
z.config(z.locales.vi());
