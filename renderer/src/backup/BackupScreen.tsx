import { useState } from 'react';
import type { BackupInfo } from '../../../shared/api/contract';
import { formatNumberVi } from '../../../shared/text/format';
import { call, ApiCallError } from '../api';
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

const when = (iso: string) => new Date(iso).toLocaleString('vi-VN');
const size = (bytes: number) => `${formatNumberVi(Math.round(bytes / 1024 / 102.4) / 10)} MB`;

/** One-click backup, and restore of any backup in the backup folder (the current data is kept first). */
export function BackupScreen({ onRestored }: { onRestored: () => void }) {
  const info = useApiValue('app.info', {});
  const backups = useApiValue('backups.list', {});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
      backups.retry();
    } catch (e) {
      if (e instanceof ApiCallError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const backupNow = () =>
    run(async () => {
      const b = await call('backups.create', {});
      return messages.backup.done(b.name);
    });

  const restore = (b: BackupInfo) => {
    if (!window.confirm(messages.backup.confirmRestore(when(b.createdAt)))) return;
    void run(async () => {
      const saved = await call('backups.restore', { name: b.name });
      onRestored();
      return messages.backup.restored(when(b.createdAt), saved.name);
    });
  };

  return (
    <div className="app backup-screen">
      <header className="page-header">
        <h2>{messages.backup.title}</h2>
        <button type="button" className="primary" onClick={() => void backupNow()} disabled={busy} autoFocus>
          {messages.backup.now}
        </button>
      </header>
      {error && <ErrorBanner error={error} onRetry={() => setError(null)} />}
      {/* A backup or restore refusal says why in Vietnamese (a job runs, the data is open elsewhere, the disk is full). */}
      {(error?.code === 'BACKUP_FAILED' || error?.code === 'BUSY' || error?.code === 'DISK_FULL' || error?.code === 'READ_ONLY') && (
        <p className="notice" role="status">
          {error.message}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <main className="padded scroll">
        {info.value && (
          <p className="muted">
            {messages.backup.where} <code>{info.value.backupDir}</code>
          </p>
        )}
        <table className="data">
          <thead>
            <tr>
              <th>{messages.backup.columns.when}</th>
              <th>{messages.backup.columns.reason}</th>
              <th className="num">{messages.backup.columns.size}</th>
              <th>{messages.backup.columns.file}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.value?.map((b) => (
              <tr key={b.name}>
                <td>{when(b.createdAt)}</td>
                <td>{REASONS[b.reason] ?? b.reason}</td>
                <td className="num">{size(b.size)}</td>
                <td>
                  <code>{b.name}</code>
                </td>
                <td>
                  <button type="button" onClick={() => restore(b)} disabled={busy}>
                    {messages.backup.restore}
                  </button>
                </td>
              </tr>
            ))}
            {backups.value?.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {messages.backup.none}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </main>
    </div>
  );
}
