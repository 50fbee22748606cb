import type { ApiCallError } from '../api';
import { messages } from '../messages';

interface Props {
  error: ApiCallError;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** What failed, in Vietnamese chosen by error code, with the technical detail folded away. */
export function ErrorBanner({ error, onRetry, onDismiss }: Props) {
  return (
    <div className="error-banner" role="alert" data-error-code={error.code}>
      <div className="error-text">
        <strong>{messages.errorTitle}: </strong>
        {messages.errorMessage(error.code)}
        <details>
          <summary>{messages.errorDetails}</summary>
          <code>
            {error.code} – {error.message}
          </code>
          {error.issues.length > 0 && (
            <ul>
              {error.issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </details>
      </div>
      <div className="error-actions">
        {onRetry && (
          <button type="button" onClick={onRetry}>
            {messages.errorRetry}
          </button>
        )}
        {onDismiss && (
          <button type="button" onClick={onDismiss} aria-label={messages.errorDismiss} title={messages.errorDismiss}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}
