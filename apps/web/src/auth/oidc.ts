import type { UserManager } from 'oidc-client-ts';
import { signIn } from './session';

export interface OidcSettings {
  readonly authority: string;
  readonly clientId: string;
  readonly scope: string;
}

export const CALLBACK_PATH = '/innlogging/tilbake';

// Loaded only when OIDC is used, so the development picker and the first screen stay small.
const userManager = async (settings: OidcSettings): Promise<UserManager> => {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: window.location.origin,
    response_type: 'code',
    scope: settings.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
};

/** Authorization code with PKCE: oidc-client-ts makes the verifier and challenge. */
export const startOidcSignIn = async (settings: OidcSettings): Promise<void> => (await userManager(settings)).signinRedirect();

export const completeOidcSignIn = async (settings: OidcSettings): Promise<void> => {
  const user = await (await userManager(settings)).signinRedirectCallback();
  signIn(user.access_token);
};
