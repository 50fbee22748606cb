/** The app's version, written into backups' audit rows and shown in "Thông tin". Kept in step with package.json. */
export const APP_VERSION = '0.1.0';
