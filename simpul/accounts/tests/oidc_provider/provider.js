// A real OpenID Connect provider for the sign-in tests: the certified `oidc-provider` package,
// listening on 127.0.0.1 only. Started by simpul/accounts/tests/oidc_fixtures.py with:
//   PORT            the port to listen on
//   OIDC_CLIENTS    JSON list of {client_id, client_secret, redirect_uris,
//                   post_logout_redirect_uris}
//   OIDC_ACCOUNTS   JSON object {login: {email, email_verified, name}}; the login is the `sub`
// Its own development sign-in pages ask for a login (any password) and a consent; the login
// typed there picks the account. Prints "ready <issuer>" once it listens.
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.OIDC_CLIENTS).map((client) => ({
  grant_types: ["authorization_code"],
  response_types: ["code"],
  token_endpoint_auth_method: "client_secret_post",
  ...client,
}));
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);

const provider = new Provider(issuer, {
  clients,
  // Every client must send a PKCE challenge (S256): the tests prove Simpul does.
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Claims in the ID token too, not only from the userinfo endpoint.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["simpul-test-only-cookie-key"] },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
