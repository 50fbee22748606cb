import type { OfficeView } from '../../../shared/api/units';
import { messages } from '../messages';
import { NewRoundPanel } from '../workflow/NewRound';
import { ExchangeImportPanel } from '../exchange/ExchangeScreen';
import { mayOpen } from '../auth/access';
import { useSession } from '../auth/context';

interface Props {
  /** The office set up for this database, or null (not set up, or its status could not be read). */
  office: OfficeView | null;
  /** Opens the setup again (villages, signers). */
  onSetup: () => void;
  /** Looks again for rounds (one created meanwhile, e.g. by the command line). */
  onReload: () => void;
}

/** No round yet: for a set-up office, the first round is created here; else how to get demo data. */
export function NoRound({ office, onSetup, onReload }: Props) {
  const { user } = useSession();
  if (!office) {
    return (
      <section className="empty-state" aria-labelledby="no-round-title">
        <h2 id="no-round-title">{messages.noRoundTitle}</h2>
        <p>{messages.noRoundBody}</p>
        <pre>
          <code>{messages.noRoundCommand}</code>
        </pre>
      </section>
    );
  }
  return (
    <section className="empty-state" aria-labelledby="no-round-title">
      <h2 id="no-round-title">{messages.noRoundTitle}</h2>
      <p className="no-round-office">{messages.noRoundOffice(office.fullName, office.provinceName)}</p>
      <p>{messages.noRoundNext}</p>
      {/* The review screen's own round creation, here while there is no round to open that screen on. */}
      <NewRoundPanel rounds={[]} onStarted={onReload} />
      {/* A province office (or a second office of a commune) starts from a received package instead. */}
      {mayOpen(user.role, { requires: 'exchange.import' }) ? (
        <section aria-labelledby="no-round-package">
          <h3 id="no-round-package">{messages.noRoundPackage}</h3>
          <ExchangeImportPanel onImported={onReload} />
        </section>
      ) : null}
      <p>{messages.noRoundCli}</p>
      <pre>
        <code>{messages.noRoundCliCommand}</code>
      </pre>
      <p>
        <button type="button" onClick={onReload}>
          {messages.noRoundReload}
        </button>{' '}
        <button type="button" onClick={onSetup}>
          {messages.noRoundSetup}
        </button>
      </p>
    </section>
  );
}
