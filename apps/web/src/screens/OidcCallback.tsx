import { Alert, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import { completeOidcSignIn } from '../auth/oidc';

/** Where the issuer sends the browser back with the authorization code. */
export default function OidcCallback() {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void (async () => {
      try {
        const config = await unwrap(api.GET('/api/v1/auth/config'));
        if (config.mode !== 'oidc' || !config.authority || !config.clientId) throw new Error('OIDC is not configured');
        await completeOidcSignIn({ authority: config.authority, clientId: config.clientId, scope: config.scope ?? 'openid' });
      } catch {
        setFailed(true);
      }
    })();
  }, []);
  return failed ? (
    <Alert data-color="danger" role="alert">
      <Paragraph>Innloggingen kunne ikke fullføres.</Paragraph>
    </Alert>
  ) : (
    <Spinner aria-label="Logger inn …" />
  );
}
