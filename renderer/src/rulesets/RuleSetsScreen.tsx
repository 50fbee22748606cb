import type { PartStatus } from '../../../shared/engine/ruleset';
import { formatDateVi } from '../../../shared/text/format';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { PendingRuleSets } from './PendingRuleSets';

const STATUS_CLASS: Record<PartStatus, string> = { confirmed: 'ok', to_verify: 'warn', unknown: 'missing' };

/**
 * The rule sets the app knows, part by part: what is confirmed in a legal text, what is still
 * to be checked against it, and what is unknown (the app refuses to classify with it until an
 * administrator supplies it).
 */
export function RuleSetsScreen() {
  const ruleSets = useApiValue('ruleSets.list', {});
  const pending = useApiValue('rulesets.pending', {});
  const t = messages.ruleSets;
  const refresh = (): void => {
    ruleSets.retry();
    pending.retry();
  };
  return (
    <div className="app">
      <header className="page-header">
        <h2>{t.title}</h2>
      </header>
      {ruleSets.error && <ErrorBanner error={ruleSets.error} onRetry={ruleSets.retry} />}
      {pending.error && <ErrorBanner error={pending.error} onRetry={pending.retry} />}
      <main className="padded scroll">
        <p className="muted">{t.intro}</p>
        <PendingRuleSets value={pending.value} onChanged={refresh} />
        {ruleSets.value?.map((rs) => (
          <section key={rs.id} className="card ruleset">
            <h3>
              {rs.title} <code>{rs.id}</code> <span className="muted">{t.version(rs.version)}</span>
            </h3>
            <p className="muted">
              {rs.kind === 'local' ? t.local(rs.province ?? '') : t.national} · {t.validity(formatDateVi(rs.validFrom), formatDateVi(rs.validTo))} ·{' '}
              {rs.basis}
              {rs.synthetic && <strong> · {t.synthetic}</strong>}
            </p>
            {rs.administrator && (
              <p className="muted ruleset-admin">
                {`Bản của quản trị viên trong thư mục dữ liệu (${rs.administrator.file}): ${
                  rs.administrator.how === 'loaded_in_app' ? 'nạp trong ứng dụng' : 'xác nhận trong ứng dụng'
                } bởi ${rs.administrator.confirmedBy}, ngày ${formatDateVi(rs.administrator.confirmedAt.slice(0, 10))}.`}
              </p>
            )}
            <table className="data">
              <thead>
                <tr>
                  <th>{t.columns.part}</th>
                  <th>{t.columns.status}</th>
                  <th>{t.columns.source}</th>
                </tr>
              </thead>
              <tbody>
                {rs.parts.map((p) => (
                  <tr key={p.name}>
                    <td>{p.label}</td>
                    <td>
                      <span className={`part-status ${STATUS_CLASS[p.status]}`}>{t.status[p.status]}</span>
                    </td>
                    <td>
                      {p.document}
                      {p.note && <div className="muted">{p.note}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </main>
    </div>
  );
}
