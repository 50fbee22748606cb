/** "dd/mm/yyyy hh:mm" in local time: the one rule, shared with the core (shared/entry/when.ts). */
export { dateTimeVi } from '../../../shared/entry/when';
