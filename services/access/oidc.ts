// Sign-in through the company's identity provider (OpenID Connect, authorization code flow with
// PKCE, through openid-client). The provider is discovered once from OIDC_ISSUER_URL; the person is
// the team member whose address the provider vouches for (the ID token's email, else UserInfo's).
import * as oidc from 'openid-client';
import { createMemberReader, type Member } from './members.js';
import type { Db } from '../../runtime/db.js';

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** What the callback needs to check the answer: kept in the session between the two requests. */
export interface OidcPending {
  codeVerifier: string;
  state: string;
  nonce: string;
}

export class OidcSignInError extends Error {}

export function createOidcService(db: Db, settings: OidcSettings, redirectUri: string) {
  const members = createMemberReader(db);
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuerUrl),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        // A plain-http issuer is only ever a local one (tests, a dev IdP).
        settings.issuerUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err) => {
        discovered = null; // try again on the next sign-in
        throw err;
      });
    return discovered;
  };

  return {
    /** Where to send the browser, and what to remember for the callback. */
    async start(): Promise<{ url: string; pending: OidcPending }> {
      const config = await configuration();
      const pending = { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /** Checks the provider's answer and answers the team member it names. */
    async finish(callbackUrl: URL, pending: OidcPending): Promise<Member> {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      const claims = tokens.claims()!;
      let email = typeof claims.email === 'string' ? claims.email : null;
      let verified = claims.email_verified;
      if (!email) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        verified = info.email_verified;
      }
      if (!email) throw new OidcSignInError('the identity provider did not give an email address (the "email" scope)');
      if (verified === false) throw new OidcSignInError(`the identity provider has not verified ${email}`);
      const member = await members.byEmail(email);
      if (!member) throw new OidcSignInError(`${email} is not a team member here`);
      return member;
    },
  };
}
export type OidcService = ReturnType<typeof createOidcService>;
