// A relying party's check of an EAR, with the independent 'jose' library:
//   node verify.mjs <verifier base URL> <expected issuer> <token> [expected eat_nonce]
// Fetches the verifier's JWKS from <base URL>/.well-known/jwks.json, verifies the signature, the
// issuer (the verifier's configured verifier.issuer) and expiry, and prints the appraisal status
// of every submodule. Exits 0 only when every submodule is "affirming".
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [base, issuer, token, nonce] = process.argv.slice(2);
if (!base || !issuer || !token) {
  console.error('usage: node verify.mjs <verifier base URL> <expected issuer> <token> [expected eat_nonce]');
  process.exit(2);
}
const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', base));
try {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer,
    algorithms: ['ES256', 'ES384', 'PS256'],
  });
  if (nonce && payload.eat_nonce !== nonce) {
    throw new Error(`eat_nonce ${payload.eat_nonce} is not the expected ${nonce}`);
  }
  let affirming = true;
  for (const [name, appraisal] of Object.entries(payload.submods)) {
    const status = appraisal['ear.status'] ?? appraisal.ear_status;
    console.log(`${name}: ${status} (kid ${protectedHeader.kid}, profile ${payload.eat_profile})`);
    affirming &&= status === 'affirming';
  }
  process.exit(affirming ? 0 : 1);
} catch (e) {
  console.error(`rejected: ${e.code ?? ''} ${e.message}`);
  process.exit(3);
}
