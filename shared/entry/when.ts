// "dd/mm/yyyy hh:mm" is stated once, in shared/text/format.ts (Vietnam time, whatever the machine's zone).
export { formatDateTimeVi as dateTimeVi } from '../text/format';
