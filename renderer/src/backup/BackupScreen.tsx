import { useState } from 'react';
import type { BackupInfo } from '../../../shared/api/contract';
import { dateTimeVi } from '../../../shared/entry/when';
import { formatNumberVi } from '../../../shared/text/format';
import { call, ApiCallError } from '../api';
import { authErrorText } from '../auth/errorText';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';

const REASONS: Record<string, string> = {
  manual: 'Sao lưu thủ công',
  daily: 'Tự động hằng ngày',
  'before-migration': 'Trước khi nâng cấp CSDL',
  'before-import': 'Trước khi nhập dữ liệu',
  'before-restore': 'Trước khi khôi phục',
  'before-demo': 'Trước khi tạo dữ liệu mẫu',
  'before-delete': 'Trước khi xóa một đợt rà soát',
};

const size = (bytes: number) => `${formatNumberVi(Math.round(bytes / 1024 / 102.4) / 10)} MB`;
const t = messages.backup;

/**
 * One-click backup, sealed with the office's backup passphrase once it is set; restore of any
 * backup in the backup folder (the current data is kept first; a sealed one asks for the passphrase).
 */
export function BackupScreen({ onRestored }: { onRestored: () => void }) {
  const info = useApiValue('app.info', {});
  const backups = useApiValue('backups.list', {});
  const encryption = useApiValue('backups.encryption', {});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  /** The sealed backup being restored, waiting for its passphrase. */
  const [opening, setOpening] = useState<BackupInfo | null>(null);
  const [openWith, setOpenWith] = useState('');

  const run = async (action: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
      backups.retry();
      return true;
    } catch (e) {
      if (e instanceof ApiCallError) setError(e);
      else throw e;
      return false;
    } finally {
      setBusy(false);
    }
  };

  const backupNow = (plain: boolean) => {
    if (plain && !window.confirm(t.confirmPlain)) return;
    void run(async () => {
      const b = await call('backups.create', plain ? { plain: true } : {});
      return t.done(b.name);
    });
  };

  const setPass = () => {
    if (passphrase !== again) {
      setNotice(t.passphraseMismatch);
      return;
    }
    void run(async () => {
      await call('backups.setPassphrase', { passphrase });
      setPassphrase('');
      setAgain('');
      encryption.retry();
      return t.passphraseDone;
    });
  };

  const restore = (b: BackupInfo, withPassphrase?: string) => {
    if (b.encrypted && withPassphrase === undefined) {
      setOpening(b);
      setOpenWith('');
      return;
    }
    if (!window.confirm(t.confirmRestore(dateTimeVi(b.createdAt)))) return;
    void run(async () => {
      const saved = await call('backups.restore', withPassphrase === undefined ? { name: b.name } : { name: b.name, passphrase: withPassphrase });
      setOpening(null);
      onRestored();
      return t.restored(dateTimeVi(b.createdAt), saved.name);
    });
  };

  const sealed = encryption.value?.sealed ?? false;
  return (
    <div className="app backup-screen">
      <header className="page-header">
        <h2>{t.title}</h2>
        <button type="button" className="primary" onClick={() => backupNow(false)} disabled={busy} autoFocus>
          {t.now}
        </button>
        {sealed && (
          <button type="button" onClick={() => backupNow(true)} disabled={busy}>
            {t.plainNow}
          </button>
        )}
      </header>
      {error && <ErrorBanner error={error} onRetry={() => setError(null)} />}
      {/* A backup or restore refusal says why in Vietnamese (a job runs, the data is open elsewhere, the disk is full, a wrong passphrase). */}
      {error && ['BACKUP_FAILED', 'BUSY', 'DISK_FULL', 'READ_ONLY', 'INVALID_INPUT'].includes(error.code) && (
        <p className="notice" role="status">
          {authErrorText(error)}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <main className="padded scroll">
        {encryption.value && (
          <section className={sealed ? 'muted' : 'notice'} aria-label={t.passphraseSet}>
            <p>{sealed ? t.sealedOn(dateTimeVi(encryption.value.setAt!), encryption.value.setBy!) : t.sealedOff}</p>
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                setPass();
              }}
            >
              <label>
                {t.passphraseLabel}
                <input type="password" autoComplete="new-password" value={passphrase} minLength={10} onChange={(e) => setPassphrase(e.target.value)} />
              </label>
              <label>
                {t.passphraseAgain}
                <input type="password" autoComplete="new-password" value={again} minLength={10} onChange={(e) => setAgain(e.target.value)} />
              </label>
              <button type="submit" disabled={busy || passphrase.length < 10}>
                {sealed ? t.passphraseChange : t.passphraseSet}
              </button>
            </form>
          </section>
        )}
        {info.value && (
          <p className="muted">
            {t.where} <code>{info.value.backupDir}</code>
          </p>
        )}
        <table className="data">
          <thead>
            <tr>
              <th>{t.columns.when}</th>
              <th>{t.columns.reason}</th>
              <th className="num">{t.columns.size}</th>
              <th>{t.columns.file}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.value?.map((b) => (
              <tr key={b.name}>
                <td>{dateTimeVi(b.createdAt)}</td>
                <td>
                  {REASONS[b.reason] ?? b.reason} ({b.encrypted ? t.sealedTag : t.plainTag})
                </td>
                <td className="num">{size(b.size)}</td>
                <td>
                  <code>{b.name}</code>
                </td>
                <td>
                  {opening?.name === b.name ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        restore(b, openWith);
                      }}
                    >
                      <label>
                        {t.restorePassphrase(b.name)}
                        <input type="password" autoComplete="off" autoFocus value={openWith} onChange={(e) => setOpenWith(e.target.value)} />
                      </label>
                      <button type="submit" disabled={busy || openWith === ''}>
                        {t.restore}
                      </button>
                      <button type="button" onClick={() => setOpening(null)}>
                        {t.cancel}
                      </button>
                    </form>
                  ) : (
                    <button type="button" onClick={() => restore(b)} disabled={busy}>
                      {t.restore}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {backups.value?.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t.none}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </main>
    </div>
  );
}
